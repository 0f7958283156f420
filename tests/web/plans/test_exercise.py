from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride.plan import exercises
from backstride_web.accounts.models import User


def _url(exercise_id: str) -> str:
    return reverse("plans:exercise", kwargs={"exercise_id": exercise_id})


@pytest.mark.parametrize("exercise", exercises.library(), ids=lambda e: e.id)
def test_each_page_shows_dose_steps_cautions_source_and_grade(
    runner: User, client_for: Callable[[User], Client], exercise: exercises.Exercise
) -> None:
    from django.utils.html import escape

    page = client_for(runner).get(_url(exercise.id)).content.decode()
    assert escape(exercise.dose.describe()) in page
    assert escape(exercise.steps[0]) in page
    for caution in exercise.cautions:
        assert escape(caution) in page
    assert escape(exercise.source[0]) in page
    assert escape(exercise.evidence) in page
    if exercise.folk_check:
        assert "Folk advice, checked" in page


def test_an_unknown_exercise_is_404(runner: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(runner).get(_url("levitation")).status_code == 404


def test_strangers_to_runner_pages_get_404(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(_url("bird_dog"))["Location"] == reverse(
        "pages:home"
    )  # choose a runner
