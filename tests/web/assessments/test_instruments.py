"""Questionnaire pages: STarT Back with Keele's wording, RMDQ/ODI as clinician-entered scorers,
the run outcome; scores with interpretation, source and history; bad input field by field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backstride.assess import instruments
from backstride_web.accounts.models import CareGrant, User
from backstride_web.assessments.models import InstrumentResponse

STARTBACK = reverse("assessments:instrument", args=["startback"])
LOW = {**{f"item{n}": "Disagree" for n in range(1, 9)}, "item9": "Slightly"}
HIGH = {**LOW, **{f"item{n}": "Agree" for n in (5, 6, 7)}, "item9": "Very much"}


def test_startback_shows_keeles_exact_wording_and_copyright(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(runner).get(STARTBACK).content.decode()
    entry = instruments.get("startback")
    for item in entry.items:
        assert item.text in page
        for option in item.options:
            assert f'value="{option}"' in page
    assert entry.extra["instruction"] in page
    assert "© Keele University 01/08/07. Funded by Arthritis Research UK." in page


@pytest.mark.parametrize(("answers", "score", "category"), [(LOW, 0, "low"), (HIGH, 4, "high")])
def test_startback_is_scored_and_shown_with_its_interpretation_and_source(
    runner: User,
    client_for: Callable[[User], Client],
    answers: dict[str, str],
    score: int,
    category: str,
) -> None:
    client = client_for(runner)
    response = client.post(STARTBACK, answers)
    stored = InstrumentResponse.objects.get()
    assert response["Location"] == reverse("assessments:response_detail", args=[stored.pk])
    assert (stored.score, stored.category, stored.entered_by) == (score, category, runner)
    page = client.get(response["Location"]).content.decode()
    assert stored.interpretation in page
    assert "Hill JC et al." in page
    assert "not a diagnosis" in page


def test_results_keep_a_history(runner: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(runner)
    client.post(STARTBACK, HIGH)
    response = client.post(STARTBACK, LOW)
    page = client.get(response["Location"]).content.decode()
    assert InstrumentResponse.objects.count() == 2
    assert page.count('href="/assess/answers/') >= 2
    results = client.get(reverse("assessments:runner_results", args=[runner.pk])).content.decode()
    assert "Keele STarT Back Screening Tool" in results
    assert "(psychosocial 4)" in results


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"item3": None}, "item3"),
        ({"item9": None}, "item9"),
        ({"item2": "Strongly agree"}, "item2"),
        ({"item9": "4"}, "item9"),
    ],
)
def test_bad_startback_answers_get_field_errors_and_save_nothing(
    runner: User, client_for: Callable[[User], Client], change: dict[str, Any], field: str
) -> None:
    data = {key: value for key, value in {**LOW, **change}.items() if value is not None}
    response = client_for(runner).post(STARTBACK, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not InstrumentResponse.objects.exists()


def test_rmdq_and_odi_say_their_text_is_not_shipped(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    for name in ("rmdq", "odi"):
        page = client_for(runner).get(reverse("assessments:instrument", args=[name]))
        assert "licensed and is not shipped" in page.content.decode()


@pytest.fixture
def commenting(runner: User, clinician: User) -> User:
    """The clinician, with a grant that allows entering results (not read-only)."""
    CareGrant.objects.filter(runner=runner, clinician=clinician).update(
        scope=CareGrant.Scope.COMMENT
    )
    return clinician


def test_a_clinician_enters_rmdq_for_a_runner_who_shared(
    runner: User, commenting: User, client_for: Callable[[User], Client]
) -> None:
    clinician = commenting
    url = reverse("assessments:runner_instrument", args=[runner.pk, "rmdq"])
    data = {f"item{n}": ("yes" if n <= 5 else "no") for n in range(1, 25)}
    response = client_for(clinician).post(url, data)
    assert response.status_code == 302
    stored = InstrumentResponse.objects.get()
    assert (stored.runner, stored.entered_by, stored.score) == (runner, clinician, 5)
    page = client_for(runner).get(response["Location"]).content.decode()
    assert "entered by" in page


def test_a_read_only_clinician_cannot_enter_scores(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("assessments:runner_instrument", args=[runner.pk, "rmdq"])
    data = {f"item{n}": "yes" for n in range(1, 25)}
    assert client_for(clinician).post(url, data).status_code == 404
    assert not InstrumentResponse.objects.exists()


def test_rmdq_needs_every_statement(
    runner: User, commenting: User, client_for: Callable[[User], Client]
) -> None:
    clinician = commenting
    url = reverse("assessments:runner_instrument", args=[runner.pk, "rmdq"])
    data = {f"item{n}": "no" for n in range(1, 24)}
    response = client_for(clinician).post(url, data)
    assert response.context["form"].errors["item24"] == ["This field is required."]
    assert not InstrumentResponse.objects.exists()


def test_odi_with_a_double_tick_and_a_missing_section(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    data: dict[str, Any] = {f"section{n}": "2" for n in range(1, 10)}
    data["section1"] = ["2", "3"]
    response = client_for(runner).post(reverse("assessments:instrument", args=["odi"]), data)
    assert response.status_code == 302
    stored = InstrumentResponse.objects.get()
    assert stored.score == pytest.approx(round((3 + 2 * 8) / 45 * 100, 1))
    assert stored.subscores["sections_answered"] == 9
    assert any("highest" in note for note in stored.notes)


def test_odi_with_three_missing_sections_is_refused_on_a_field(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    data = {f"section{n}": "1" for n in range(1, 8)}
    response = client_for(runner).post(reverse("assessments:instrument", args=["odi"]), data)
    assert response.status_code == 200
    assert "at least 8" in str(response.context["form"].errors["section8"])
    assert not InstrumentResponse.objects.exists()


def test_odi_refuses_a_tampered_statement_number(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    data = {f"section{n}": "1" for n in range(1, 11)}
    data["section4"] = "9"
    response = client_for(runner).post(reverse("assessments:instrument", args=["odi"]), data)
    assert response.context["form"].errors["section4"]
    assert not InstrumentResponse.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"pain_free_minutes": "601", "peak_pain": "3", "next_morning_pain": "1"},
            "pain_free_minutes",
        ),
        ({"pain_free_minutes": "20", "peak_pain": "11", "next_morning_pain": "1"}, "peak_pain"),
        ({"pain_free_minutes": "20", "peak_pain": "2.5", "next_morning_pain": "1"}, "peak_pain"),
        ({"pain_free_minutes": "20", "peak_pain": "2"}, "next_morning_pain"),
    ],
)
def test_the_run_outcome_refuses_out_of_range_values(
    runner: User, client_for: Callable[[User], Client], data: dict[str, str], field: str
) -> None:
    response = client_for(runner).post(
        reverse("assessments:instrument", args=["run_outcome"]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not InstrumentResponse.objects.exists()


def test_the_run_outcome_is_scored(runner: User, client_for: Callable[[User], Client]) -> None:
    data = {
        "pain_free_minutes": "25",
        "peak_pain": "2",
        "next_morning_pain": "1",
        "baseline_morning_pain": "1",
    }
    response = client_for(runner).post(
        reverse("assessments:instrument", args=["run_outcome"]), data
    )
    assert response.status_code == 302
    stored = InstrumentResponse.objects.get()
    assert (stored.score, stored.category) == (25, "progress")


def test_permissions(
    runner: User, commenting: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    clinician = commenting
    own_for_clinician = reverse("assessments:runner_instrument", args=[runner.pk, "startback"])
    assert client_for(clinician).get(own_for_clinician).status_code == 404, "read-only for text"
    assert client_for(clinician).get(STARTBACK).status_code == 404
    rmdq = reverse("assessments:runner_instrument", args=[runner.pk, "rmdq"])
    assert client_for(clinician).get(rmdq).status_code == 200
    assert client_for(stranger).get(rmdq).status_code == 404
    assert client_for(stranger).post(rmdq, {"item1": "yes"}).status_code == 404
    assert (
        client_for(runner).get(reverse("assessments:instrument", args=["nope"])).status_code == 404
    )
    assert Client().get(STARTBACK)["Location"].startswith(reverse("accounts:login"))
    assert client_for(runner).get(reverse("assessments:instruments")).status_code == 200


def test_a_result_is_visible_to_the_runner_and_clinician_only(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    client_for(runner).post(STARTBACK, LOW)
    url = reverse("assessments:response_detail", args=[InstrumentResponse.objects.get().pk])
    assert client_for(runner).get(url).status_code == 200
    assert client_for(clinician).get(url).status_code == 200
    assert client_for(stranger).get(url).status_code == 404
    assert Client().get(url).status_code == 302
