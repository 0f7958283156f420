"""FIT workout files decode with Garmin's official SDK (test-only reference decoder)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream

from backstride.assess.redflags import Allowed
from backstride.errors import InputError
from backstride.plan.export_fit import plan_to_fit, session_to_fit
from backstride.plan.runwalk import Goal, Plan, RunnerState, Session, build_plan

CREATED = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 27)


def decode(data: bytes) -> dict[str, Any]:
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


@pytest.fixture
def plan(allowed: Allowed) -> Plan:
    return build_plan(
        Goal("10k", date(2027, 9, 5)),
        RunnerState(pain_free_run_min=5),
        today=TODAY,
        allowed=allowed,
    )


def test_run_walk_session_has_warm_up_repeat_and_cool_down(plan: Plan) -> None:
    session = next(s for s in plan.sessions() if s.kind == "run_walk" and s.repeats > 1)
    messages = decode(session_to_fit(session, time_created=CREATED))
    (file_id,) = messages["file_id_mesgs"]
    assert file_id["type"] == "workout"
    assert file_id["time_created"] == CREATED
    (workout,) = messages["workout_mesgs"]
    assert workout["sport"] == "running"
    steps = messages["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps)
    assert workout["wkt_name"].startswith(f"{session.repeats}x")
    warm, run, walk, repeat, *rest = steps
    assert (warm["intensity"], warm["duration_type"], warm["duration_time"]) == (
        "warmup",
        "time",
        session.warmup_min * 60,
    )
    assert (run["intensity"], run["duration_time"]) == ("active", session.run_s)
    assert (walk["intensity"], walk["duration_time"]) == ("recovery", session.walk_s)
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (1, session.repeats)
    assert rest[-1]["intensity"] == "cooldown"
    assert rest[-1]["duration_time"] == session.cooldown_min * 60
    if session.tail_walk_s:
        assert rest[0]["duration_time"] == session.tail_walk_s
    main_s = session.repeats * (session.run_s + session.walk_s) + session.tail_walk_s
    assert main_s == pytest.approx(session.main_min * 60)
    assert [s["message_index"] for s in steps] == list(range(len(steps)))


def test_continuous_run_is_three_timed_steps(plan: Plan) -> None:
    session = next(s for s in plan.sessions() if s.kind == "run")
    steps = decode(session_to_fit(session, time_created=CREATED))["workout_step_mesgs"]
    assert [s["intensity"] for s in steps] == ["warmup", "active", "cooldown"]
    assert steps[1]["duration_time"] == session.main_min * 60


def test_walk_session_is_a_walking_workout(urgent: Allowed) -> None:
    walks = build_plan(Goal("5k", date(2027, 6, 6)), RunnerState(), today=TODAY, allowed=urgent)
    messages = decode(session_to_fit(walks.sessions()[0], time_created=CREATED))
    assert messages["workout_mesgs"][0]["sport"] == "walking"
    assert [s["intensity"] for s in messages["workout_step_mesgs"]] == ["active"]


def test_every_plan_workout_decodes_with_a_unique_name_and_serial(plan: Plan) -> None:
    files = plan_to_fit(plan, time_created=CREATED)
    runs = [s for s in plan.sessions() if s.kind in ("run_walk", "run")]
    assert len(files) == len(runs)
    serials = set()
    for name, data in files.items():
        assert name.endswith(".fit")
        serials.add(decode(data)["file_id_mesgs"][0]["serial_number"])
    assert len(serials) == len(files)


def test_same_session_gives_the_same_bytes(plan: Plan) -> None:
    session = plan.sessions()[0]
    assert session_to_fit(session, time_created=CREATED) == session_to_fit(
        session, time_created=CREATED
    )


@pytest.mark.parametrize("kind", ["race", "strength"])
def test_race_and_strength_have_no_watch_workout(kind: str) -> None:
    session = Session(TODAY, 0, kind, kind, 30.0, 0)
    with pytest.raises(InputError, match="no watch workout"):
        session_to_fit(session, time_created=CREATED)
