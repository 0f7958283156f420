"""The pain-profile questionnaire: saved as history; new leg symptoms re-ask the short screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.assessments.models import PainProfileEntry, Screen
from tests.web.assessments.helpers import all_no

URL = reverse("assessments:pain_profile")
GOOD: dict[str, Any] = {
    "years_with_pain": "2",
    "onset_minute": "5",
    "character": ["pump", "tightness"],
    "location": ["central"],
    "warm_up_effect": "abolishes",
    "aggravators": ["pace", "long_sitting"],
    "relievers": ["stopping"],
    "other_sports": "football, rugby",
    "sitting_hours_per_day": "9",
    "goal": "A marathon",
}


def test_it_saves_a_profile_and_keeps_the_old_one(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    assert client.post(URL, GOOD)["Location"] == reverse("assessments:home")
    assert client.post(URL, {**GOOD, "years_with_pain": "3"}).status_code == 302
    first, second = PainProfileEntry.objects.order_by("answered_at", "pk")
    assert first.data["years_with_pain"] == 2
    assert second.data["years_with_pain"] == 3
    assert second.data["other_sports"] == ["football", "rugby"]
    page = client.get(URL).content.decode()
    assert 'value="3.0"' in page or 'value="3"' in page


def test_new_leg_symptoms_re_ask_the_short_screen(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    client.post(URL, GOOD)
    response = client.post(URL, {**GOOD, "location": ["central", "below_knee"]})
    assert response["Location"] == reverse("assessments:weekly_screen") + "?reason=symptoms"
    form = client.get(response["Location"]).content.decode()
    assert 'name="reason" value="symptoms"' in form
    client.post(response["Location"], {**all_no(short=True), "reason": "symptoms"})
    latest = Screen.objects.filter(runner=runner).first()
    assert latest is not None
    assert (latest.form, latest.trigger) == ("short", "symptoms")
    same = client.post(URL, {**GOOD, "location": ["central", "below_knee"]})
    assert same["Location"] == reverse("assessments:home")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"years_with_pain": ""}, "years_with_pain"),
        ({"years_with_pain": "81"}, "years_with_pain"),
        ({"onset_minute": "-1"}, "onset_minute"),
        ({"character": []}, "character"),
        ({"character": ["stabbing"]}, "character"),
        ({"location": ["elbow"]}, "location"),
        ({"warm_up_effect": "magic"}, "warm_up_effect"),
        ({"sitting_hours_per_day": "25"}, "sitting_hours_per_day"),
        ({"goal": "x" * 301}, "goal"),
    ],
)
def test_bad_input_gets_field_errors_and_nothing_is_saved(
    runner: User, client_for: Callable[[User], Client], change: dict[str, Any], field: str
) -> None:
    response = client_for(runner).post(URL, {**GOOD, **change})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not PainProfileEntry.objects.exists()


def test_only_runners_answer(
    clinician: User, client_for: Callable[[User], Client], db: None
) -> None:
    assert client_for(clinician).get(URL).status_code == 404
    assert Client().get(URL)["Location"].startswith(reverse("accounts:login"))
