from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.errors import InputError
from backstride.model import Activity, Streams
from backstride.pain import (
    DailyCheckin,
    PainEvent,
    RunContext,
    RunRecord,
    format_mm_ss,
    onset_from_distance,
    parse_mm_ss,
)

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def _run(pain: PainEvent | None, duration_s: float = 1800.0) -> RunRecord:
    return RunRecord(
        run_id="r1",
        start_utc=datetime(2026, 11, 20, 7, 0, tzinfo=UTC),
        context=RunContext(duration_s=duration_s, distance_m=5000.0),
        pain=pain,
    )


def _source(excinfo: pytest.ExceptionInfo[InputError]) -> str | None:
    return excinfo.value.source


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"onset_s": 300.0, "peak": 11}, "peak"),
        ({"onset_s": 300.0, "peak": -1}, "peak"),
        ({"onset_s": 300.0, "peak": 4, "next_morning": 12}, "next_morning"),
        ({"onset_s": -5.0, "peak": 4}, "onset_s"),
        ({"onset_s": None, "peak": 3}, "peak"),
        ({"onset_s": 300.0, "peak": 4, "location": "elbow"}, "location"),
        ({"onset_s": 300.0, "peak": 4, "settle_min": -1.0}, "settle_min"),
    ],
)
def test_it_names_the_bad_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as excinfo:
        PainEvent(run_id="r1", **kwargs)  # type: ignore[arg-type]
    assert _source(excinfo) == field


def test_no_pain_is_a_first_class_answer() -> None:
    event = PainEvent.no_pain("r1", next_morning=1)
    assert not event.had_pain
    assert _run(event).pain == event


def test_onset_after_the_run_ended_is_refused() -> None:
    with pytest.raises(InputError, match="after the run ended") as excinfo:
        _run(PainEvent("r1", onset_s=1801.0, peak=5), duration_s=1800.0)
    assert _source(excinfo) == "onset_s"
    assert _run(PainEvent("r1", onset_s=1800.0, peak=5)).pain is not None


def test_a_pain_event_on_another_run_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        _run(PainEvent("someone-elses-run", onset_s=60.0, peak=2))
    assert _source(excinfo) == "run_id"


def test_future_dates_are_refused() -> None:
    run = RunRecord("r2", datetime(2026, 11, 28, tzinfo=UTC), RunContext(duration_s=600))
    with pytest.raises(InputError) as excinfo:
        run.check_not_future(now=NOW)
    assert _source(excinfo) == "start_utc"
    _run(None).check_not_future(now=NOW)
    with pytest.raises(InputError) as excinfo:
        DailyCheckin(day=date(2026, 11, 28), morning_pain=2).check_not_future(now=NOW)
    assert _source(excinfo) == "day"
    DailyCheckin(day=NOW.date(), morning_pain=2).check_not_future(now=NOW)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"morning_pain": 11}, "morning_pain"),
        ({"morning_pain": 2, "stiffness": 20}, "stiffness"),
        ({"morning_pain": 2, "sleep_h": 25.0}, "sleep_h"),
        ({"morning_pain": 2, "sitting_h": -1.0}, "sitting_h"),
        ({"morning_pain": 2, "note": "x" * 501}, "note"),
    ],
)
def test_checkin_fields_are_checked(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as excinfo:
        DailyCheckin(day=date(2026, 11, 1), **kwargs)  # type: ignore[arg-type]
    assert _source(excinfo) == field


def test_run_context_fields_are_checked() -> None:
    with pytest.raises(InputError) as excinfo:
        RunContext(duration_s=600, warmup_s=700)
    assert _source(excinfo) == "warmup_s"
    with pytest.raises(InputError) as excinfo:
        RunContext(duration_s=0)
    assert _source(excinfo) == "duration_s"


def test_minutes_and_seconds() -> None:
    assert parse_mm_ss("5:30") == 330.0
    assert parse_mm_ss(" 7 ") == 420.0
    assert format_mm_ss(330.4) == "5:30"
    with pytest.raises(InputError) as excinfo:
        parse_mm_ss("5:75")
    assert _source(excinfo) == "onset"


def _streams() -> Streams:
    t = np.arange(0.0, 101.0)
    return Streams(time_s=t, distance_m=3.0 * t)


def test_onset_from_distance_interpolates_along_the_stream() -> None:
    assert onset_from_distance(_streams(), 150.0) == pytest.approx(50.0)
    assert onset_from_distance(_streams(), 151.5) == pytest.approx(50.5)
    assert onset_from_distance(_streams(), 0.0) == 0.0


def test_onset_beyond_the_run_is_refused() -> None:
    with pytest.raises(InputError, match="beyond the end") as excinfo:
        onset_from_distance(_streams(), 301.0)
    assert _source(excinfo) == "onset_distance_m"
    with pytest.raises(InputError, match="no distance"):
        onset_from_distance(Streams(time_s=np.arange(5.0)), 10.0)


def test_onset_from_distance_uses_gps_without_a_distance_channel() -> None:
    t = np.arange(0.0, 11.0)
    lat = 53.0 + t * 0.0001  # about 11.1 m per sample
    streams = Streams(time_s=t, lat_deg=lat, lon_deg=np.full(11, -1.5))
    assert onset_from_distance(streams, 55.6) == pytest.approx(5.0, abs=0.01)


@given(st.lists(st.floats(0.1, 10.0), min_size=2, max_size=50), st.data())
def test_onset_from_distance_inverts_the_distance_stream(
    steps: list[float], data: st.DataObject
) -> None:
    distance = np.concatenate(([0.0], np.cumsum(steps)))
    t = np.arange(len(distance), dtype=np.float64) * 2.0
    i = data.draw(st.integers(0, len(distance) - 1))
    assert onset_from_distance(Streams(time_s=t, distance_m=distance), float(distance[i])) == (
        pytest.approx(t[i])
    )


def test_context_is_derived_from_an_activity() -> None:
    t = np.arange(0.0, 1800.0)
    speed = np.where(t < 120, 1.4, 2.9)  # two minutes' walk, then running
    cadence = np.where(t < 120, 110.0, 166.0)
    distance = np.concatenate(([0.0], np.cumsum(speed[1:])))
    activity = Activity(
        sport="running",
        sub_sport=None,
        start_utc=NOW,
        elapsed_s=1799.0,
        source_sha256="",
        source_format="fit",
        streams=Streams(time_s=t, distance_m=distance, speed_mps=speed, cadence_spm=cadence),
        distance_m=float(distance[-1]),
    )
    context = RunContext.from_activity(activity, sitting_h_day=9.0, lifting_48h=True)
    assert context.duration_s == 1799.0
    assert context.warmup_s is not None
    assert 115 <= context.warmup_s <= 125
    assert context.first10_pace_s_per_km is not None
    assert context.cadence_spm == 166.0
    assert context.sitting_h_day == 9.0
