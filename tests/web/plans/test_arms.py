"""A self-experiment's arm on the plan page, the session page, the .ics and the FIT files:
shown on its day, never before (blinding of the allocation)."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from garmin_fit_sdk import Decoder, Stream

from backstride.assess.redflags import Allowed, Tier
from backstride.experiments import custom_design, design_from_template
from backstride.experiments.design import Design
from backstride.plan.model import Goal, Session
from backstride.plan.runwalk import build_plan
from backstride_web.accounts.models import User
from backstride_web.experiments import services as experiments
from backstride_web.experiments.models import Experiment
from backstride_web.plans import arms, services
from backstride_web.plans.models import RunnerPlan

ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)
ALLOWED = Allowed(True, True, True, Tier.NONE, False, "")


def _decode(content: bytes) -> Any:
    assert Decoder(Stream.from_byte_array(bytearray(content))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(content))).read()
    assert errors == []
    found: Any = messages
    return found


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def run_today_plan(runner: User, today: datetime.date) -> RunnerPlan:
    """A 5 km plan built a few days ago, chosen so that a run/walk falls on today."""
    for back in range(1, 8):
        built = today - datetime.timedelta(days=back)
        goal = Goal("5k", built + datetime.timedelta(weeks=16))
        state = services.runner_state(runner, today=built)[0]
        nominal = build_plan(goal, state, today=built, allowed=ALLOWED)
        if any(s.day == today and s.kind == "run_walk" for s in nominal.sessions()):
            return services.create_plan(runner, goal, today=built, now=timezone.now())
    raise AssertionError("no build day puts a run on today")


def _experiment(runner: User, design: Design, start: datetime.date, today_arm: str) -> Experiment:
    """An experiment with a run every day from ``start`` (no run-in), its seed chosen so
    that today's arm is ``today_arm``; created as if on ``start``."""
    created = timezone.make_aware(datetime.datetime.combine(start, datetime.time(6)))
    today = timezone.localdate()
    for seed in range(200):
        experiment = experiments.create_experiment(
            runner, design, start, seed, run_days=ALL_DAYS, now=created
        )
        slot = experiments.schedule_of(experiment).slot_on(today)
        if slot is not None and slot.arm == today_arm:
            return experiments.refresh(experiment, timezone.now())
        experiment.delete()
    raise AssertionError("no seed gives that arm today")


def _arms_by_day(experiment: Experiment) -> dict[datetime.date, str]:
    schedule = experiments.schedule_of(experiment)
    return {
        s.first_day: schedule.design.arm(s.arm).label for s in schedule.slots if s.arm is not None
    }


def _runs(row: RunnerPlan) -> list[Session]:
    return [s for s in services.stored_plan(row).sessions() if s.kind in ("run_walk", "run")]


def test_the_plan_page_shows_todays_arm_and_no_later_one(
    runner: User,
    run_today_plan: RunnerPlan,
    today: datetime.date,
    client_for: Callable[[User], Client],
) -> None:
    design = custom_design("Morning or evening", "Arm Alpha", "Arm Beta", run_in=0)
    experiment = _experiment(runner, design, today - datetime.timedelta(days=5), "A")
    by_day = _arms_by_day(experiment)
    assert any(day > today for day in by_day)  # there are later arms to keep hidden
    page = client_for(runner).get(reverse("plans:overview")).content.decode()
    assert "Experiment: Morning or evening — today: Arm Alpha" in page
    assert "today: Arm Beta" not in page
    for label in ("Arm Alpha", "Arm Beta"):
        shown = [s.day for s in _runs(run_today_plan) if by_day.get(s.day) == label]
        expected = [d for d in shown if d <= today]
        assert page.count(f"experiment: {label}</span>") == len(expected), label


def test_the_session_page_of_the_no_warm_up_arm_has_no_warm_up_routine(
    runner: User,
    run_today_plan: RunnerPlan,
    today: datetime.date,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(runner)
    url = reverse("plans:session", args=[today.isoformat()])
    assert 'id="routine-warm_up"' in client.get(url).content.decode()
    _experiment(runner, design_from_template("warm_up"), today - datetime.timedelta(days=3), "B")
    page = client.get(url).content.decode()
    assert "Experiment: Warm-up 10-15 min vs none — today: No warm-up" in page
    assert "No warm-up today: start running at your usual pace straight away" in page
    assert "Keep the same in both arms: same route;" in page
    assert page.count('class="card insight plan-arm"') == 1
    assert 'id="routine-warm_up"' not in page  # no warm-up routine on a no-warm-up day
    assert 'id="routine-post_run"' in page


def test_the_session_page_of_the_warm_up_arm_has_a_twelve_minute_warm_up(
    runner: User,
    run_today_plan: RunnerPlan,
    today: datetime.date,
    client_for: Callable[[User], Client],
) -> None:
    _experiment(runner, design_from_template("warm_up"), today - datetime.timedelta(days=3), "A")
    page = client_for(runner).get(reverse("plans:session", args=[today.isoformat()])).content
    text = page.decode()
    assert "today: Warm-up</h2>" in text
    assert "Warm-up today: 12 min easy walking or very easy jogging first" in text
    assert 'id="routine-warm_up"' in text


def test_exports_carry_todays_arm_only(
    runner: User,
    run_today_plan: RunnerPlan,
    today: datetime.date,
    client_for: Callable[[User], Client],
) -> None:
    experiment = _experiment(
        runner, design_from_template("warm_up"), today - datetime.timedelta(days=3), "A"
    )
    by_day = _arms_by_day(experiment)
    client = client_for(runner)
    later = next(s for s in _runs(run_today_plan) if s.day > today and s.day in by_day)

    calendar = icalendar.Calendar.from_ical(client.get(reverse("plans:ics")).content)
    events = {e.decoded("DTSTART").date(): e for e in calendar.walk("VEVENT") if "RRULE" not in e}
    assert str(events[today]["SUMMARY"]).endswith("— experiment: Warm-up")
    assert str(events[today]["DESCRIPTION"]).startswith(
        "Experiment: Warm-up 10-15 min vs none — today: Warm-up"
    )
    assert "xperiment" not in str(events[later.day]["SUMMARY"])
    assert "xperiment" not in str(events[later.day]["DESCRIPTION"])
    assert all(day <= today for day, e in events.items() if "experiment" in str(e["SUMMARY"]))

    one = _decode(client.get(reverse("plans:fit", args=[today.isoformat()])).content)
    assert one["workout_mesgs"][0]["wkt_name"].startswith("Warm-up: ")
    warm = one["workout_step_mesgs"][0]
    assert (warm["intensity"], warm["duration_time"]) == ("warmup", 12 * 60)

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("plans:fit_zip")).content))
    for name in archive.namelist():
        workout = _decode(archive.read(name))["workout_mesgs"][0]
        day = datetime.date.fromisoformat(name[:10])
        if day > today:
            assert "wkt_description" not in workout, name
        elif day == today:
            assert str(workout["wkt_description"]).startswith("Experiment: ")
    later_fit = _decode(client.get(reverse("plans:fit", args=[later.day.isoformat()])).content)
    assert "wkt_description" not in later_fit["workout_mesgs"][0]


def test_a_stopped_experiment_shows_no_arm(
    runner: User,
    run_today_plan: RunnerPlan,
    today: datetime.date,
    client_for: Callable[[User], Client],
) -> None:
    experiment = _experiment(
        runner, design_from_template("warm_up"), today - datetime.timedelta(days=3), "A"
    )
    assert arms.arm_for(runner, today, now=timezone.now()) is not None
    experiments.stop(experiment, "it hurt", timezone.now())
    assert arms.arm_for(runner, today, now=timezone.now()) is None
    page = client_for(runner).get(reverse("plans:overview")).content.decode()
    assert "today: Warm-up" not in page
    assert "today: No warm-up" not in page


def test_arm_for_never_reveals_a_later_day(runner: User, today: datetime.date) -> None:
    experiment = _experiment(
        runner, design_from_template("warm_up"), today - datetime.timedelta(days=2), "A"
    )
    tomorrow = today + datetime.timedelta(days=1)
    assert tomorrow in _arms_by_day(experiment)
    now = timezone.now()
    assert arms.arm_for(runner, tomorrow, now=now) is None
    shown = arms.revealed_arms(runner, now=now)
    assert max(shown) == today
    assert arms.arm_for(runner, today, now=now) == shown[today]


def test_a_clinician_sees_revealed_arms_on_the_read_only_plan(
    runner: User,
    clinician: User,
    run_today_plan: RunnerPlan,
    today: datetime.date,
    client_for: Callable[[User], Client],
) -> None:
    _experiment(runner, design_from_template("warm_up"), today - datetime.timedelta(days=3), "B")
    url = reverse("plans:runner_overview", args=[runner.pk])
    page = client_for(clinician).get(url).content.decode()
    assert "experiment: No warm-up</span>" in page


def test_an_arm_on_a_day_without_a_plan_run_still_shows_and_gets_its_own_event(
    runner: User, plan: RunnerPlan, today: datetime.date, client_for: Callable[[User], Client]
) -> None:
    assert not any(s.day == today for s in services.stored_plan(plan).sessions())
    _experiment(runner, design_from_template("warm_up"), today - datetime.timedelta(days=3), "A")
    client = client_for(runner)
    page = client.get(reverse("plans:overview")).content.decode()
    assert "No plan session today, but your experiment has a run today." in page
    assert "Experiment: Warm-up 10-15 min vs none — today: Warm-up" in page
    assert "Rest day" not in page
    calendar = icalendar.Calendar.from_ical(client.get(reverse("plans:ics")).content)
    uid = f"plan{plan.pk}-{today.isoformat()}-experiment@backstride"
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
    assert str(event["SUMMARY"]) == "Experiment: Warm-up 10-15 min vs none — today: Warm-up"
    later = [e for e in calendar.walk("VEVENT") if "experiment@" in str(e["UID"])]
    assert all(e.decoded("DTSTART").date() <= today for e in later)
