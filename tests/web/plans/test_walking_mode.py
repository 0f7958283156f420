"""URGENT red flag: running paused, walking allowed (KNOWLEDGE.md §1, redflags.toml).

The plan page, its session pages and the .ics/FIT downloads show walks only; EMERGENCY locks
everything; the runner's confirmation that a clinician cleared them brings the plan back.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from garmin_fit_sdk import Decoder, Stream

from backstride.assess import redflags
from backstride.assess.redflags import Tier
from backstride_web.accounts.models import User
from backstride_web.assessments import services as screens
from backstride_web.plans import services
from backstride_web.plans.models import PlanAdjustment, RunnerPlan
from tests.web.assessments.helpers import every_flag
from tests.web.plans.conftest import block, first_run_day

PAUSED = "Running is paused until a doctor has seen you (within 24–48 h)"


@pytest.fixture
def urgent(runner: User, plan: RunnerPlan) -> RunnerPlan:
    """The plan of a runner whose weekly screen answered R7 (leg weakness) yes: URGENT."""
    block(runner, "R7")
    return plan


def _walk_days(page: str) -> list[str]:
    return [part.split('"')[0] for part in page.split('href="/plan/sessions/')[1:]]


def test_the_plan_page_shows_walks_the_reasons_and_the_source(
    runner: User, urgent: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(reverse("plans:overview"))
    assert response.status_code == 200
    page = response.content.decode()
    assert PAUSED in page
    info = redflags.tier_info(Tier.URGENT)
    assert info.headline in page
    assert "Finucane" in page  # the tier's source
    assert "KNOWLEDGE.md §1" in page
    r7 = next(q for q in redflags.questions() if q.id == "R7")
    assert r7.text.replace("'", "&#x27;") in page  # the reason: the runner's own answer
    assert reverse("assessments:clearance") in page
    assert "Brisk walk (running paused)" in page
    assert "Review this week" not in page
    assert reverse("plans:exercises") not in page
    assert reverse("plans:routines") not in page
    assert "run 1:00 / walk 2:00" not in page
    assert _walk_days(page)


def test_a_walk_session_page_has_no_running_and_no_exercises(
    runner: User, urgent: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    day = first_run_day(urgent)
    response = client_for(runner).get(reverse("plans:session", kwargs={"day": day.isoformat()}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Brisk walk" in page
    assert PAUSED in page
    assert "Warm-up" not in page
    assert 'name="status"' not in page  # no marking while paused
    strength_day = next(
        s.day for s in services.stored_plan(urgent).sessions() if s.kind == "strength"
    )
    missing = client_for(runner).get(
        reverse("plans:session", kwargs={"day": strength_day.isoformat()})
    )
    assert missing.status_code == 404


def _decode(content: bytes) -> dict[str, list[dict[str, object]]]:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(content))).read()
    assert errors == []
    return messages  # type: ignore[no-any-return]


def test_the_downloads_carry_walks_only(
    runner: User, urgent: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    ics = client.get(reverse("plans:ics"))
    assert ics.status_code == 200
    events = list(icalendar.Calendar.from_ical(ics.content).walk("VEVENT"))
    assert events
    assert all(str(e["UID"]).endswith("-walk@backstride") for e in events)
    assert all("RRULE" not in e for e in events)  # no desk-break exercises either
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("plans:fit_zip")).content))
    assert archive.namelist()
    assert all(name.endswith("-walk.fit") for name in archive.namelist())
    for name in archive.namelist():
        messages = _decode(archive.read(name))
        assert messages["workout_mesgs"][0]["sport"] == "walking"
        assert len(messages["workout_step_mesgs"]) == 1  # one walk: no run/walk repeats
    day = first_run_day(urgent).isoformat()
    one = client.get(reverse("plans:fit", kwargs={"day": day}))
    assert one.status_code == 200
    assert one["Content-Disposition"].endswith(f'{day}-walk.fit"')
    assert _decode(one.content)["workout_mesgs"][0]["sport"] == "walking"


def test_nothing_is_stored_and_the_plan_returns_after_clearance(
    runner: User, urgent: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    assert PAUSED in client.get(reverse("plans:overview")).content.decode()
    urgent.refresh_from_db()
    assert urgent.revision == 0
    assert not PlanAdjustment.objects.exists()
    screens.confirm_clearance(runner, note="GP saw me", now=timezone.now())
    page = client.get(reverse("plans:overview")).content.decode()
    assert PAUSED not in page
    assert "Review this week" in page
    assert "run 1:00 / walk 2:00" in page


def test_a_runner_without_a_plan_gets_a_daily_walk(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    block(runner, "R8")
    page = client_for(runner).get(reverse("plans:overview")).content.decode()
    assert PAUSED in page
    assert 'name="race_day"' not in page  # no new race plan while paused
    today = timezone.localdate()
    days = sorted(set(_walk_days(page)))
    assert len(days) == 14
    assert days[0] == f"{today.isoformat()}/"
    assert client_for(runner).get(reverse("plans:goal")).status_code == 403


def test_emergency_still_locks_the_walking_pages(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    block(runner, "R1")
    client = client_for(runner)
    for url in (
        reverse("plans:overview"),
        reverse("plans:ics"),
        reverse("plans:fit_zip"),
        reverse("plans:session", kwargs={"day": first_run_day(plan).isoformat()}),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Go to emergency care now" in response.content.decode()
        assert "BEGIN:VCALENDAR" not in response.content.decode()


def test_a_locked_page_points_to_the_walking_plan(
    runner: User, urgent: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(reverse("plans:exercises"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "walking is fine" in page
    assert reverse("plans:overview") in page


def test_the_clinician_sees_the_walking_plan_read_only(
    runner: User, clinician: User, urgent: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    url = reverse("plans:runner_overview", kwargs={"runner_id": runner.pk})
    response = client_for(clinician).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert PAUSED in page
    assert "Read-only" in page
    assert reverse("assessments:clearance") not in page


def test_a_later_short_screen_with_no_flags_keeps_walking_only(
    runner: User, urgent: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    from tests.web.assessments.helpers import all_no

    later = timezone.now() + datetime.timedelta(seconds=1)
    screens.record_screen(runner, all_no(short=True), short=True, now=later)
    assert PAUSED in client_for(runner).get(reverse("plans:overview")).content.decode()


@pytest.mark.parametrize(("flag_id", "tier"), every_flag(), ids=[f for f, _ in every_flag()])
def test_every_flag_gives_its_tiers_plan_page(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client], flag_id: str, tier: Tier
) -> None:
    """URGENT answers get the walking plan, EMERGENCY the lock, ROUTINE the running plan."""
    block(runner, flag_id)
    response = client_for(runner).get(reverse("plans:overview"))
    page = response.content.decode()
    if tier is Tier.EMERGENCY:
        assert response.status_code == 403
        assert PAUSED not in page
    elif tier is Tier.URGENT:
        assert response.status_code == 200
        assert PAUSED in page
        assert "run 1:00 / walk 2:00" not in page
    else:
        assert response.status_code == 200
        assert PAUSED not in page
        assert "run 1:00 / walk 2:00" in page


def test_the_assess_pages_point_to_the_walking_plan(
    runner: User, urgent: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    from backstride_web.assessments.models import Screen

    client = client_for(runner)
    home = client.get(reverse("assessments:home")).content.decode()
    assert "Running is paused" in home
    assert f'href="{reverse("plans:overview")}">your walking plan' in home
    screen = Screen.objects.filter(runner=runner).first()
    assert screen is not None
    outcome = client.get(reverse("assessments:screen_detail", args=[screen.pk])).content.decode()
    assert "your walking plan" in outcome
