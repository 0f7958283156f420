"""A self-experiment's arm on the plan, in the calendar and on the watch, on its day only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar

from backstride.assess.redflags import Allowed
from backstride.errors import InputError
from backstride.experiments import custom_design, design_from_template
from backstride.plan.export_fit import plan_to_fit, session_to_fit
from backstride.plan.export_ics import plan_to_ics
from backstride.plan.model import Plan, Session
from backstride.plan.reveal import ArmReveal, apply_arm, reveal_arm, revealed, with_arms
from backstride.plan.runwalk import Goal, RunnerState, build_plan

BUILT = date(2026, 11, 27)
NOW = datetime(2026, 12, 9, 6, 0, tzinfo=UTC)
WARM_UP = design_from_template("warm_up")
WITH = reveal_arm(WARM_UP, "A")
WITHOUT = reveal_arm(WARM_UP, "B")


@pytest.fixture
def plan(allowed: Allowed) -> Plan:
    return build_plan(
        Goal("10k", date(2027, 9, 5)),
        RunnerState(pain_free_run_min=5),
        today=BUILT,
        allowed=allowed,
    )


def runs(plan: Plan) -> list[Session]:
    return [s for s in plan.sessions() if s.kind in ("run_walk", "run")]


def decode(data: bytes) -> Any:
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    found: Any = messages
    return found


def test_the_warm_up_template_reveals_twelve_minutes_or_none() -> None:
    assert (WITH.key, WITH.arm, WITH.warmup_min) == ("A", "Warm-up", 12.0)
    assert (WITHOUT.key, WITHOUT.arm, WITHOUT.warmup_min) == ("B", "No warm-up", 0.0)
    assert WITH.headline == "Experiment: Warm-up 10-15 min vs none — today: Warm-up"
    text = WITHOUT.describe()
    assert text.startswith("Experiment: Warm-up 10-15 min vs none — today: No warm-up\n")
    assert "Start running at your usual pace straight away." in text
    assert "Keep the same in both arms: same route;" in text
    assert "above 5/10" in text


def test_a_custom_arm_keeps_the_plans_warm_up_and_takes_the_title() -> None:
    design = custom_design("Morning or evening", "Morning run", "Evening run")
    reveal = reveal_arm(design, "B", title="When I run")
    assert (reveal.experiment, reveal.arm, reveal.warmup_min) == ("When I run", "Evening run", None)
    assert reveal.warm_up_line == ""


def test_only_days_up_to_today_are_revealed() -> None:
    arms = {date(2026, 12, 8): WITH, date(2026, 12, 9): WITHOUT, date(2026, 12, 10): WITH}
    assert revealed(arms, today=date(2026, 12, 9)) == {
        date(2026, 12, 8): WITH,
        date(2026, 12, 9): WITHOUT,
    }
    assert revealed({}, today=None) == {}
    with pytest.raises(InputError) as caught:
        revealed(arms, today=None)
    assert caught.value.source == "today"


def test_apply_arm_sets_the_warm_up_and_leads_the_description(plan: Plan) -> None:
    session = runs(plan)[0]
    assert session.warmup_min > 0
    without = apply_arm(session, WITHOUT)
    assert without.warmup_min == 0
    assert without.main_min == session.main_min
    assert without.title == session.title
    assert without.description.startswith(WITHOUT.headline)
    assert without.description.endswith(session.description)
    assert apply_arm(session, WITH).warmup_min == 12.0


def test_no_arm_on_a_strength_or_race_day(plan: Plan) -> None:
    strength = next(s for s in plan.sessions() if s.kind == "strength")
    with pytest.raises(InputError, match="strength session carries no experiment arm"):
        apply_arm(strength, WITH)


def test_with_arms_changes_only_revealed_run_days(plan: Plan) -> None:
    first, second, third = runs(plan)[:3]
    strength = next(s for s in plan.sessions() if s.kind == "strength")
    arms = {first.day: WITHOUT, second.day: WITH, third.day: WITHOUT, strength.day: WITH}
    changed = with_arms(plan, arms, today=second.day)
    by_day = {s.day: s for s in changed.sessions() if s.kind != "strength"}
    assert by_day[first.day].warmup_min == 0
    assert by_day[second.day].warmup_min == 12
    assert by_day[third.day] == third  # tomorrow's arm is not revealed
    assert [s.day for s in changed.sessions()] == [s.day for s in plan.sessions()]
    assert with_arms(plan, None, today=None) is plan


@pytest.mark.parametrize(
    ("kwargs", "source"),
    [
        ({"experiment": " ", "arm": "A"}, "experiment"),
        ({"experiment": "X", "arm": ""}, "arm"),
        ({"experiment": "X", "arm": "A", "warmup_min": -1}, "warmup_min"),
    ],
)
def test_bad_reveals_name_the_field(kwargs: dict[str, Any], source: str) -> None:
    with pytest.raises(InputError) as caught:
        ArmReveal(**kwargs)
    assert caught.value.source == source


def test_bad_arm_key() -> None:
    with pytest.raises(InputError) as caught:
        reveal_arm(WARM_UP, "C")
    assert caught.value.source == "arm"


# ---------------------------------------------------------------------------------- calendar


def events(data: bytes) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_calendar_shows_todays_arm_and_never_a_later_one(plan: Plan) -> None:
    first, second, third = runs(plan)[:3]
    arms = {first.day: WITH, second.day: WITHOUT, third.day: WITH}
    found = events(
        plan_to_ics(plan, plan_id="p1", now=NOW, tz="Europe/London", arms=arms, today=second.day)
    )
    today = found[f"p1-{second.day}-run@backstride"]
    assert str(today["SUMMARY"]).endswith("— experiment: No warm-up")
    description = str(today["DESCRIPTION"])
    assert description.startswith("Experiment: Warm-up 10-15 min vs none — today: No warm-up")
    assert "Pain rule" in description
    assert "experiment" in [str(c) for c in today["CATEGORIES"].cats]
    # no warm-up: the event is the main set and the cool-down only
    length = today.decoded("DTEND") - today.decoded("DTSTART")
    assert length == timedelta(minutes=second.main_min + second.cooldown_min)
    assert "Experiment" in str(found[f"p1-{first.day}-run@backstride"]["DESCRIPTION"])
    later = found[f"p1-{third.day}-run@backstride"]
    assert "xperiment" not in str(later["SUMMARY"]) + str(later["DESCRIPTION"])
    everything = plan_to_ics(plan, plan_id="p1", now=NOW, arms=arms, today=second.day)
    assert everything.count(b"today: Warm-up") == 1  # the first day's, not the third's


def test_an_arm_on_a_day_without_a_run_gets_its_own_event(plan: Plan) -> None:
    strength = next(s for s in plan.sessions() if s.kind == "strength")
    found = events(
        plan_to_ics(plan, plan_id="p1", now=NOW, arms={strength.day: WITH}, today=strength.day)
    )
    event = found[f"p1-{strength.day}-experiment@backstride"]
    assert str(event["SUMMARY"]) == WITH.headline
    assert "12 min easy" in str(event["DESCRIPTION"])
    assert len(found) == len(plan.sessions()) + 1


def test_calendar_without_today_refuses_arms(plan: Plan) -> None:
    day = runs(plan)[0].day
    with pytest.raises(InputError) as caught:
        plan_to_ics(plan, plan_id="p1", now=NOW, arms={day: WITH})
    assert caught.value.source == "today"


# ---------------------------------------------------------------------------------- watch


def test_watch_workout_for_the_warm_up_arm_has_a_twelve_minute_warm_up(plan: Plan) -> None:
    session = runs(plan)[0]
    messages = decode(session_to_fit(session, time_created=NOW, arm=WITH, today=session.day))
    (workout,) = messages["workout_mesgs"]
    assert workout["wkt_name"].startswith("Warm-up: ")
    assert workout["wkt_description"].startswith(WITH.headline)
    steps = messages["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps)
    warm = steps[0]
    assert (warm["intensity"], warm["duration_time"]) == ("warmup", 12 * 60)
    assert warm["wkt_step_name"] == "Warm-up 12 min (Warm-up)"
    assert steps[-1]["wkt_step_name"] == "Cool-down"


def test_watch_workout_for_the_no_warm_up_arm_starts_running(plan: Plan) -> None:
    session = runs(plan)[0]
    plain = decode(session_to_fit(session, time_created=NOW))["workout_step_mesgs"]
    messages = decode(session_to_fit(session, time_created=NOW, arm=WITHOUT, today=session.day))
    steps = messages["workout_step_mesgs"]
    assert steps[0]["intensity"] == "active"
    assert "warmup" not in [s.get("intensity") for s in steps]
    assert len(steps) == len(plain) - 1
    assert messages["workout_mesgs"][0]["wkt_name"].startswith("No warm-up: ")
    assert "straight away" in messages["workout_mesgs"][0]["wkt_description"]


def test_a_long_arm_label_leaves_room_for_the_session_name(plan: Plan) -> None:
    session = runs(plan)[0]
    design = design_from_template("hip_flexor_stretch")
    reveal = reveal_arm(design, "A")
    assert reveal.warmup_min is None  # not a warm-up experiment: the plan's warm-up stays
    messages = decode(session_to_fit(session, time_created=NOW, arm=reveal, today=session.day))
    name = messages["workout_mesgs"][0]["wkt_name"]
    plain = decode(session_to_fit(session, time_created=NOW))["workout_mesgs"][0]["wkt_name"]
    assert name == f"Arm A: {plain}"
    steps = messages["workout_step_mesgs"]
    assert (steps[0]["intensity"], steps[0]["duration_time"]) == ("warmup", session.warmup_min * 60)


def test_watch_refuses_an_arm_before_its_day(plan: Plan) -> None:
    session = runs(plan)[1]
    with pytest.raises(InputError) as caught:
        session_to_fit(session, time_created=NOW, arm=WITH, today=session.day - timedelta(days=1))
    assert caught.value.source == "arm"
    with pytest.raises(InputError) as caught:
        session_to_fit(session, time_created=NOW, arm=WITH)
    assert caught.value.source == "today"


def test_plan_workouts_carry_only_revealed_arms(plan: Plan) -> None:
    first, second = runs(plan)[:2]
    arms = {first.day: WITHOUT, second.day: WITHOUT}
    files = plan_to_fit(plan, time_created=NOW, arms=arms, today=first.day)
    plain = plan_to_fit(plan, time_created=NOW)
    assert files.keys() == plain.keys()
    changed = [name for name in files if files[name] != plain[name]]
    assert changed == [f"{first.day}-{first.kind.replace('_', '-')}.fit"]
    assert decode(files[changed[0]])["workout_mesgs"][0]["wkt_name"].startswith("No warm-up")
