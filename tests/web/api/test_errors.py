"""Every failure answers with the same JSON error body, never an HTML page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.api.routes import insight


def _error(response: object) -> dict[str, object]:
    assert response["Content-Type"] == "application/json"  # type: ignore[index]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    return dict(body["error"])


def test_an_unknown_path_is_a_json_404(runner: User, api_client: Callable[..., Client]) -> None:
    response = api_client(runner).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_a_missing_record_is_a_json_404(runner: User, api_client: Callable[..., Client]) -> None:
    url = reverse("api-v1:get_activity", kwargs={"activity_id": 987654})
    response = api_client(runner).get(url)
    assert response.status_code == 404
    assert _error(response) == {"code": "not_found", "message": "Not found", "field": None}


def test_a_wrong_method_is_a_json_405(runner: User, api_client: Callable[..., Client]) -> None:
    response = api_client(runner, "write").delete(reverse("api-v1:list_checkins"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert _error(response)["code"] == "method_not_allowed"


def test_a_body_that_is_not_json_is_a_400(runner: User, api_client: Callable[..., Client]) -> None:
    response = api_client(runner, "write").post(
        reverse("api-v1:create_checkin"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "bad_request"


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=500", "limit"), ("offset=-1", "offset"), ("since=yesterday", "since")],
)
def test_a_bad_parameter_is_a_422_naming_it(
    runner: User, api_client: Callable[..., Client], query: str, field: str
) -> None:
    response = api_client(runner).get(reverse("api-v1:list_activities") + "?" + query)
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "invalid"
    assert error["field"] == field


def test_a_path_id_that_is_not_a_number_is_a_422(
    runner: User, api_client: Callable[..., Client]
) -> None:
    response = api_client(runner).get("/api/v1/activities/abc")
    assert response.status_code == 422
    assert _error(response)["field"] == "activity_id"


def test_a_crash_is_a_json_500(
    runner: User, api_client: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(insight, "analyse_runner", broken)
    response = api_client(runner).get(reverse("api-v1:get_analysis"))
    assert response.status_code == 500
    error = _error(response)
    assert error["code"] == "server_error"
    assert "boom" not in str(error["message"])


def test_the_schema_is_served_without_a_docs_page(runner: User) -> None:
    schema = Client().get(reverse("api-v1:openapi-json"))
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "backstride API"
    assert Client().get("/api/v1/docs").status_code == 404
