"""The full red-flag screen: every answer stored, field-level errors, nothing half-saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backstride.assess import redflags
from backstride_web.accounts.models import User
from backstride_web.assessments.models import Screen, ScreenAnswer
from tests.factories import make_runner
from tests.web.assessments.helpers import all_no, positive

URL = reverse("assessments:screen")


@pytest.fixture
def newcomer(db: None) -> User:
    return make_runner("new@example.org", screened=False)


def test_it_shows_every_question_with_yes_no_unsure(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(newcomer).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for question in redflags.questions():
        assert f'name="{question.id}"' in page
    assert "cannot be skipped" in page
    assert page.count('value="unsure"') == len(redflags.questions())


def test_it_stores_every_answer_with_a_timestamp(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(newcomer).post(URL, {**all_no(), "next": "/accounts/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    screen = Screen.objects.get(runner=newcomer)
    assert screen.form == "full"
    assert screen.trigger == "onboarding"
    assert screen.tier == 0
    assert screen.answered_at is not None
    stored = dict(screen.answers.values_list("question_id", "answer"))
    assert stored == all_no()


def test_a_second_screen_adds_history_and_changes_nothing_before(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(newcomer)
    client.post(URL, all_no())
    client.post(URL, positive("R9"))
    first, second = Screen.objects.order_by("answered_at", "pk")
    assert (first.tier, second.tier) == (0, int(redflags.Tier.URGENT))
    assert second.trigger == "runner"
    assert ScreenAnswer.objects.filter(screen=first, answer="yes").count() == 0


def test_an_offsite_next_is_ignored(newcomer: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(newcomer).post(URL, {**all_no(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("assessments:home")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"R3": None}, "R3", "This field is required."),
        ({"R16": ""}, "R16", "This field is required."),
        ({"R1": "maybe"}, "R1", "Select a valid choice."),
        ({"R5": "YES'; drop table"}, "R5", "Select a valid choice."),
        ({"R7": "yes"}, "R7b", "please answer"),
    ],
)
def test_bad_answers_get_field_errors_and_nothing_is_saved(
    newcomer: User,
    client_for: Callable[[User], Client],
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    data = {**all_no(), **change}
    data = {key: value for key, value in data.items() if value is not None}
    response = client_for(newcomer).post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Screen.objects.exists()
    assert not ScreenAnswer.objects.exists()


def test_an_unsure_answer_counts_as_yes(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    client_for(newcomer).post(URL, positive("R1", answer="unsure"))
    assert Screen.objects.get().tier == int(redflags.Tier.EMERGENCY)


def test_a_follow_up_sent_for_a_no_is_not_stored(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    client_for(newcomer).post(URL, {**all_no(), "R7b": "yes"})
    screen = Screen.objects.get()
    assert screen.tier == 0
    assert not screen.answers.filter(question_id="R7b").exists()


def test_unknown_fields_in_a_tampered_post_are_ignored(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    client_for(newcomer).post(URL, {**all_no(), "R99": "yes", "tier": "0"})
    assert set(Screen.objects.get().answers.values_list("question_id", flat=True)) == set(all_no())


def test_a_clinician_has_no_screen(clinician: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(clinician).get(URL).status_code == 404
    assert client_for(clinician).post(URL, all_no()).status_code == 404
    assert not Screen.objects.filter(runner=clinician).exists()


def test_anonymous_visitors_are_sent_to_log_in(db: None) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_empty_post_shows_every_missing_answer(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(newcomer).post(URL, {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(all_no())
    assert not Screen.objects.exists()
