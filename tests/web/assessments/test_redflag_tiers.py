"""Each red flag's tier action happens, blocking included (full and short form).

EMERGENCY -> the full-screen emergency page, every plan and exercise page blocked;
URGENT -> see a doctor within 24-48 h, running and exercises blocked, walking allowed;
ROUTINE -> book a GP/physio, the programme stays open.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride.assess import redflags
from backstride.assess.redflags import Tier
from backstride_web.accounts.models import User
from backstride_web.assessments.models import Screen
from tests.factories import make_runner
from tests.web.assessments.gate_urls import PLAN_TEXT
from tests.web.assessments.helpers import every_flag, positive

pytestmark = pytest.mark.urls("tests.web.assessments.gate_urls")
OPEN = {"running": True, "walking": True, "exercises": True}
EXPECTED = {
    Tier.EMERGENCY: {"running": False, "walking": False, "exercises": False},
    Tier.URGENT: {"running": False, "walking": True, "exercises": False},
    Tier.ROUTINE: OPEN,
}


def _gate_results(client: Client) -> dict[str, bool]:
    results = {}
    for name, url in (
        ("running", "/plan/"),
        ("exercises", "/plan/exercises/"),
        ("walking", "/plan/walking/"),
    ):
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        results[name] = response.status_code == 200 and PLAN_TEXT in response.content.decode()
    return results


def _check(flag_id: str, tier: Tier, client: Client, runner: User, *, short: bool) -> None:
    url = reverse("assessments:weekly_screen" if short else "assessments:screen")
    response = client.post(url, positive(flag_id, short=short))
    screen = Screen.objects.filter(runner=runner).first()
    assert screen is not None
    assert screen.tier == int(tier), flag_id
    assert [p["id"] for p in screen.positives] == [flag_id.rstrip("b")]
    assert response["Location"] == reverse("assessments:screen_detail", args=[screen.pk])
    page = client.get(response["Location"]).content.decode()
    info = redflags.tier_info(tier)
    assert info.headline in page
    if tier is Tier.EMERGENCY:
        assert 'class="emergency-page"' in page
        assert "Go to emergency care now" in page
        assert 'class="areas"' not in page, "the emergency page is full-screen, without the menu"
    assert _gate_results(client) == EXPECTED[tier], flag_id


@pytest.mark.parametrize(("flag_id", "tier"), every_flag())
def test_a_positive_answer_on_the_full_screen_takes_its_tiers_action(
    flag_id: str, tier: Tier, client_for: Callable[[User], Client], db: None
) -> None:
    runner = make_runner(f"{flag_id.lower()}@example.org", screened=False)
    _check(flag_id, tier, client_for(runner), runner, short=False)


@pytest.mark.parametrize(("flag_id", "tier"), every_flag(short=True))
def test_a_positive_answer_on_the_weekly_screen_takes_its_tiers_action(
    flag_id: str, tier: Tier, client_for: Callable[[User], Client], db: None
) -> None:
    runner = make_runner(f"{flag_id.lower()}@example.org")
    client = client_for(runner)
    assert _gate_results(client) == OPEN
    _check(flag_id, tier, client, runner, short=True)


def test_every_flag_and_tier_is_covered() -> None:
    tiers = {tier for _, tier in every_flag()}
    assert tiers == {Tier.EMERGENCY, Tier.URGENT, Tier.ROUTINE}
    assert len([q for q in redflags.questions() if q.follow_up_of is None]) == 16
