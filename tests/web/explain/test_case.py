"""The runner's case as JSON: the same document ``backstride explain --case`` reads."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride.reason import as_json, case_from_dict, explain
from backstride_web.accounts.models import User

URL = reverse("explain:case")


def test_it_downloads_a_case_that_ranks_like_the_page(
    populated: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(populated).get(URL)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    case = case_from_dict(json.loads(response.content))
    assert case.pain_profile is not None
    assert [t.test for t in case.self_tests] == ["modified_thomas"]
    assert case.runs is not None
    assert case.runs.n_diary_runs == 24
    assert case.gait is None
    page = client_for(populated).get(reverse("explain:home"))
    ids = [card.ranked.id for card in page.context["cards"]]
    assert [c["id"] for c in as_json(explain(case))["contributors"]][: len(ids)] == ids


def test_permissions(
    populated: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(URL, {"runner": populated.pk}).status_code == 200
    assert client_for(stranger).get(URL, {"runner": populated.pk}).status_code == 404
    assert client_for(clinician).get(URL).status_code == 404


@pytest.mark.django_db
def test_anonymous_must_log_in() -> None:
    assert Client().get(URL).status_code == 302
