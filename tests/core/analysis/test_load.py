from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.analysis.load import (
    is_spike,
    load_summary,
    naive_spike_ids,
    spikes,
    window_max_before,
)
from backstride.pain import RunContext, RunRecord

T0 = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)  # a Thursday


def _run(i: int, day: float, distance_m: float | None, duration_s: float = 3000.0) -> RunRecord:
    return RunRecord(
        run_id=f"r{i}",
        start_utc=T0 + timedelta(days=day),
        context=RunContext(duration_s=duration_s, distance_m=distance_m),
    )


EARLY = _run(99, -40, 1_000.0)
"""A short run long before: the data cover each test run's whole 30-day window."""


def test_exactly_ten_percent_longer_is_not_a_spike() -> None:
    runs = [EARLY, _run(0, 0, 10_000.0), _run(1, 5, 11_000.0)]
    assert spikes(runs) == ()
    assert not is_spike(11_000.0, 10_000.0)
    assert is_spike(11_000.001, 10_000.0)
    for longest in (3_333.3, 7_777.7, 12_345.678, 0.1):
        assert not is_spike(longest * 1.1, longest)


def test_just_over_ten_percent_is_a_spike_in_its_runsafe_band() -> None:
    runs = [EARLY, _run(0, 0, 10_000.0), _run(1, 5, 11_001.0)]
    (spike,) = spikes(runs)
    assert spike.run_id == "r1"
    assert spike.basis == "distance_m"
    assert spike.longest_previous == 10_000.0
    assert abs(spike.increase - 0.1001) < 1e-12
    assert (spike.band, spike.reported_hrr) == (">10-30 %", 1.64)


def test_bands_follow_garmin_runsafe() -> None:
    runs = [EARLY, _run(0, 0, 5_000.0), _run(1, 2, 7_000.0), _run(2, 40, 5_000.0)]
    runs.append(_run(3, 41, 12_000.0))
    found = {s.run_id: (s.band, s.reported_hrr) for s in spikes(runs)}
    assert found == {"r1": (">30-100 %", 1.52), "r3": (">100 %", 2.28)}


def test_only_the_previous_thirty_days_count() -> None:
    inside = [EARLY, _run(0, 0, 20_000.0), _run(1, 29, 5_000.0), _run(2, 30, 12_000.0)]
    assert [s.run_id for s in spikes(inside)] == []
    outside = [EARLY, _run(0, 0, 20_000.0), _run(1, 29, 5_000.0), _run(2, 30.0001, 12_000.0)]
    assert [s.run_id for s in spikes(outside)] == ["r2"]


def test_the_first_run_after_a_break_has_no_reference() -> None:
    assert spikes([EARLY, _run(0, 0, 5_000.0), _run(1, 45, 20_000.0)]) == ()


def test_no_spike_before_the_data_cover_thirty_days() -> None:
    assert spikes([_run(0, 0, 5_000.0), _run(1, 3, 9_000.0)]) == ()
    (spike,) = spikes([_run(0, 0, 5_000.0), _run(1, 29, 5_000.0), _run(2, 30, 9_000.0)])
    assert spike.run_id == "r2"


def test_runs_without_a_distance_compare_durations() -> None:
    runs = [EARLY, _run(0, 0, None, 1800.0), _run(1, 3, None, 2400.0)]
    (spike,) = spikes(runs)
    assert spike.basis == "duration_s"
    assert spike.increase == 2400 / 1800 - 1


def test_weekly_totals_start_on_monday_and_keep_empty_weeks() -> None:
    runs = [_run(0, 0, 5_000.0, 1800), _run(1, 1, 6_000.0, 2000), _run(2, 15, 7_000.0, 2100)]
    now = T0 + timedelta(days=16)
    summary = load_summary(runs, now=now)
    weeks = [(w.week_start, w.runs, w.distance_m, w.duration_s) for w in summary.weeks]
    assert weeks == [
        (date(2026, 9, 28), 2, 11_000.0, 3800.0),
        (date(2026, 10, 5), 0, 0.0, 0.0),
        (date(2026, 10, 12), 1, 7_000.0, 2100.0),
    ]
    assert summary.next_run_limit_m is not None
    assert abs(summary.next_run_limit_m - 7_700.0) < 1e-6


def test_acwr_is_computed_but_never_used_alone() -> None:
    runs = [_run(i, 7 * i, 8_000.0) for i in range(4)] + [_run(9, 22, 16_000.0)]
    summary = load_summary(runs, now=T0 + timedelta(days=23))
    assert summary.acwr is not None
    assert summary.acwr.use_alone is False
    assert "never use it alone" in summary.acwr.note
    # last 7 days: 8 + 16 km; last 28 days: 48 km -> 12 km/week -> ratio 2.0
    assert summary.acwr.ratio == 2.0


def test_runs_after_now_are_ignored() -> None:
    runs = [EARLY, _run(0, 0, 5_000.0), _run(1, 2, 9_000.0)]
    assert load_summary(runs, now=T0 + timedelta(days=1)).spikes == ()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 200),
            st.one_of(st.none(), st.floats(100, 30_000)),
            st.floats(600, 10_000),
        ),
        max_size=40,
    )
)
def test_fast_scan_agrees_with_the_naive_loop(
    rows: list[tuple[float, float | None, float]],
) -> None:
    runs = [_run(i, day, distance, duration) for i, (day, distance, duration) in enumerate(rows)]
    fast = sorted(s.run_id for s in spikes(runs))
    assert fast == sorted(naive_spike_ids(runs))


@given(st.lists(st.tuples(st.integers(0, 100), st.floats(0, 1e4)), max_size=60), st.integers(1, 40))
def test_window_max_matches_brute_force(rows: list[tuple[int, float]], window: int) -> None:
    rows.sort()
    t = np.array([r[0] for r in rows], dtype=np.float64)
    v = np.array([r[1] for r in rows], dtype=np.float64)
    got = window_max_before(t, v, float(window))
    for i in range(len(t)):
        inside = [v[j] for j in range(len(t)) if t[i] - window <= t[j] < t[i]]
        if inside:
            assert got[i] == max(inside)
        else:
            assert np.isnan(got[i])
