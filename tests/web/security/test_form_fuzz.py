"""Fuzzing every form the runner can post: no 500, whatever arrives in the fields, and a
form that answers with its errors (200) leaves no rows behind.

The routes come from the URL resolver and the field names from the page each route renders
(its ``<input>``, ``<select>`` and ``<textarea>`` names), so a new form is fuzzed without
anyone remembering to add it here. Values are hostile text: huge and negative numbers,
NaN, dates that do not exist, markup, path traversal, control characters.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride_web.activities.services import import_paths
from backstride_web.assessments.demo import build_intake
from tests.factories import make_runner
from tests.web.activities.conftest import RUN_FIT
from tests.web.test_access_control import NEUTRAL, ROUTES

FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.IGNORECASE)
SKIP_FIELDS = {"csrfmiddlewaretoken"}
# Routes whose POST ends the session or the account: fuzzing them proves nothing more.
SKIP_ROUTES = {"accounts:logout", "accounts:delete_account"}

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e309",
            "NaN",
            "-inf",
            "99999999999999999999",
            "2026-02-30",
            "0000-00-00",
            "0001-01-01",
            "9999-12-31",
            "25:61",
            "../../../etc/passwd",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "on",
            "true",
            "3.5",
            "x" * 5000,
        ]
    ),
    st.text(max_size=60),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


# Rows that a refused form may legitimately leave: the session and its bookkeeping.
BOOKKEEPING = {"sessions.session", "accounts.loginfailure", "accounts.accesslog"}


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING
    }


def _form_routes() -> list[tuple[str, list[str]]]:
    return [(name, keys) for name, _route, keys in ROUTES if name not in SKIP_ROUTES]


@pytest.fixture
def owner(transactional_db: None) -> tuple[Any, dict[str, Any]]:
    runner = make_runner("fuzzed@example.org")
    build_intake(runner, now=timezone.now())
    [result] = import_paths(runner, [RUN_FIT])
    return runner, {"runner_id": runner.pk, "activity_id": result.activity_id}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "keys"), _form_routes(), ids=[r[0] for r in _form_routes()])
def test_no_form_answers_a_hostile_post_with_a_server_error(
    owner: tuple[Any, dict[str, Any]], name: str, keys: list[str]
) -> None:
    runner, ids = owner
    if any(key not in ids and key not in NEUTRAL for key in keys):
        pytest.skip(f"{name} needs a record this test does not build")
    kwargs = {key: ids.get(key, NEUTRAL.get(key)) for key in keys}
    url = reverse(name, kwargs=kwargs or None)
    client = Client(raise_request_exception=False)
    client.force_login(runner)
    page = client.get(url)
    assert page.status_code < 500, f"GET {url} -> {page.status_code}"
    if page.status_code != 200 or page.streaming:
        pytest.skip(f"{name} renders no form to read ({page.status_code})")
    fields = sorted(set(FIELD.findall(page.content.decode(errors="replace"))) - SKIP_FIELDS)
    if not fields:
        pytest.skip(f"{name} has no form fields")

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(values=st.fixed_dictionaries(dict.fromkeys(fields, HOSTILE)))
    def post(values: dict[str, str]) -> None:
        client.force_login(runner)
        before = _row_counts()
        response = client.post(url, values)
        assert response.status_code < 500, f"POST {url} {values!r} -> {response.status_code}"
        if response.status_code == 200:  # the form came back with errors: nothing may be kept
            after = _row_counts()
            changed = {key: (n, after[key]) for key, n in before.items() if after[key] != n}
            assert not changed, f"POST {url} {values!r} refused but left rows: {changed}"

    post()
