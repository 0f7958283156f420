from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride.plan import exercises
from backstride_web.accounts.models import User

URL = reverse("plans:exercises")


def test_it_lists_every_exercise_by_category_with_its_grade(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(runner).get(URL).content.decode()
    for title in ("Desk micro-breaks", "Warm-up drills", "Strength", "After running"):
        assert title in page
    for exercise in exercises.library():
        assert reverse("plans:exercise", kwargs={"exercise_id": exercise.id}) in page


def test_clinicians_and_anonymous_do_not_get_the_runner_pages(
    clinician: User, client_for: Callable[[User], Client], client: Client
) -> None:
    assert client_for(clinician).get(URL)["Location"] == reverse("pages:home")  # choose a runner
    assert client.get(URL).status_code == 302
