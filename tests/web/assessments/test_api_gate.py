"""An unscreened runner's browser session gets a JSON refusal from the API, not a page."""

from __future__ import annotations

from django.test import Client

from tests.factories import make_runner


def test_the_api_answers_an_unscreened_session_with_json(db: None) -> None:
    runner = make_runner("new@example.org", screened=False)
    client = Client()
    client.force_login(runner)
    response = client.get("/api/v1/activities")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "screen_required"
    page = client.get("/runs/")
    assert page.status_code == 302
    assert "/assess/screen" in page["Location"]
