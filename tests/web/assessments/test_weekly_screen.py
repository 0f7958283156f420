"""The weekly short re-screen (R1-R8, R14): asked when due, prompted, stored as history."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride.assess import redflags
from backstride_web.accounts.models import User
from backstride_web.assessments import safety
from backstride_web.assessments.models import Screen
from tests.factories import make_runner
from tests.web.assessments.helpers import all_no

URL = reverse("assessments:weekly_screen")


def _age_screens(runner: User, days: int) -> None:
    for screen in Screen.objects.filter(runner=runner):
        screen.answered_at -= datetime.timedelta(days=days)
        screen.save(update_fields=["answered_at"])


def test_it_asks_only_the_short_form(runner: User, client_for: Callable[[User], Client]) -> None:
    page = client_for(runner).get(URL).content.decode()
    for question in redflags.questions():
        assert (f'name="{question.id}"' in page) is question.short_form
    assert set(redflags.short_form_ids()) == {
        "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R14"
    }  # fmt: skip


def test_it_is_stored_as_a_weekly_short_screen(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(URL, all_no(short=True))
    assert response.status_code == 302
    latest = Screen.objects.filter(runner=runner).first()
    assert latest is not None
    assert (latest.form, latest.trigger) == ("short", "weekly")
    assert latest.answers.count() == 9


def test_missing_answers_get_field_errors(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    data = all_no(short=True)
    del data["R14"]
    response = client_for(runner).post(URL, data)
    assert response.context["form"].errors["R14"] == ["This field is required."]
    assert Screen.objects.filter(runner=runner).count() == 1


def test_it_is_due_after_seven_days_and_the_runner_is_reminded(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    from django.utils import timezone

    assert not safety.rescreen_is_due(runner, now=timezone.now())
    _age_screens(runner, 7)
    assert safety.rescreen_is_due(runner, now=timezone.now())
    client = client_for(runner)
    home = client.get(reverse("pages:home"))
    assert "Your weekly safety check is due" in home.content.decode()
    again = client.get(reverse("pages:home")).content.decode()
    assert "Your weekly safety check is due" not in again, "one reminder a day is enough"
    assess = client.get(reverse("assessments:home")).content.decode()
    assert f'href="{URL}"' in assess
    assert "Your weekly safety check is due." in assess
    client.post(URL, all_no(short=True))
    assert not safety.rescreen_is_due(runner, now=timezone.now())


def test_an_unscreened_runner_does_the_full_screen_first(
    db: None, client_for: Callable[[User], Client]
) -> None:
    newcomer = make_runner("new@example.org", screened=False)
    response = client_for(newcomer).get(URL)
    assert response["Location"].startswith(reverse("assessments:screen"))


def test_a_clinician_gets_404(clinician: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(clinician).get(URL).status_code == 404
