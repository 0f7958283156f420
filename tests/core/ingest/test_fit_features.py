"""FIT features, on files built in code so each case is exact."""

from __future__ import annotations

import numpy as np
import pytest
from fitbuilder import (
    ENUM,
    RECORD_FIELDS,
    SINT32,
    UINT8,
    UINT16,
    UINT32,
    FitBuilder,
    fit_time,
    run_file,
)
from garmin_fit_sdk import Decoder, Stream
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import ACTIVITIES_DIR

from backstride.ingest import fit_decode
from backstride.ingest.fit import parse_fit, read_fit_records
from backstride.ingest.outcome import NotAnActivityError

T0 = 1_700_000_000


def test_summary_comes_from_the_session_and_cadence_is_in_steps() -> None:
    result = parse_fit(run_file(600, heart_rate=150), source="run.fit")
    a = result.activity
    assert (a.sport, a.sub_sport) == ("running", "generic")
    assert a.start_utc.timestamp() == T0
    assert a.elapsed_s == 599
    assert a.distance_m == pytest.approx(599 * 3.0)
    assert a.avg_hr_bpm == 150
    assert a.max_hr_bpm == 160
    assert a.avg_cadence_spm == 170  # 85 strides/min
    assert a.streams.cadence_spm is not None
    assert a.streams.cadence_spm[0] == pytest.approx(171.0)  # (85 + 64/128) * 2
    assert a.streams.altitude_m is not None
    assert a.streams.altitude_m[0] == 100.0
    assert a.local_utc_offset_s == 3600
    assert a.start_local is not None
    assert a.start_local.utcoffset().total_seconds() == 3600
    assert a.device == "garmin/1234"
    assert len(a.laps) == 1
    assert a.laps[0].distance_m == pytest.approx(599 * 3.0)
    assert a.moving_s == pytest.approx(599)
    assert a.source_format == "fit"
    assert len(a.source_sha256) == 64


def test_treadmill_run_without_gps() -> None:
    data = run_file(120, sub_sport=1, with_gps=False)
    a = parse_fit(data, source="treadmill.fit").activity
    assert a.sub_sport == "treadmill"
    assert a.streams.lat_deg is None
    assert a.streams.lon_deg is None
    assert a.streams.speed_mps is not None
    assert a.moving_s == pytest.approx(119)


def test_invalid_sentinels_become_missing() -> None:
    b = FitBuilder().define(0, 20, [(253, UINT32), (3, UINT8), (6, UINT16), (0, SINT32)])
    b.message(0, fit_time(T0), 0xFF, 0xFFFF, 0x7FFFFFFF)
    b.message(0, fit_time(T0) + 1, 120, 2500, 0x7FFFFFFF)
    records, _ = read_fit_records(b.build())
    assert records.heart_rate_bpm is not None
    assert np.isnan(records.heart_rate_bpm[0])
    assert records.heart_rate_bpm[1] == 120
    assert records.speed_mps is not None
    assert np.isnan(records.speed_mps[0])
    assert records.speed_mps[1] == 2.5
    assert records.lat_deg is not None
    assert np.isnan(records.lat_deg).all()


def test_enhanced_fields_win_over_plain_ones() -> None:
    fields = [(253, UINT32), (6, UINT16), (73, UINT32), (2, UINT16), (78, UINT32)]
    b = FitBuilder().define(0, 20, fields)
    b.message(0, fit_time(T0), 1000, 70000, 3000, 5000)  # enhanced speed 70 m/s, alt 500 m
    b.message(0, fit_time(T0) + 1, 1000, 0xFFFFFFFF, 3000, 0xFFFFFFFF)
    records, _ = read_fit_records(b.build())
    assert records.speed_mps is not None
    assert list(records.speed_mps) == [70.0, 1.0]
    assert records.altitude_m is not None
    assert list(records.altitude_m) == [500.0, 100.0]


def test_big_endian_definitions() -> None:
    b = FitBuilder().define(0, 20, [(253, UINT32), (6, UINT16), (3, UINT8)], big_endian=True)
    b.message(0, fit_time(T0), 3456, 99)
    records, _ = read_fit_records(b.build())
    assert records.timestamp_s[0] == T0
    assert records.speed_mps is not None
    assert records.speed_mps[0] == 3.456
    assert records.heart_rate_bpm is not None
    assert records.heart_rate_bpm[0] == 99


def test_developer_fields_are_skipped_safely() -> None:
    b = FitBuilder().define(0, 20, [(253, UINT32), (3, UINT8)], dev_fields=[(0, 4, 0), (1, 2, 0)])
    b.message(0, fit_time(T0), 140, b"\xff\x00\x10\x20", b"ab")
    b.message(0, fit_time(T0) + 1, 141, b"\x00\x00\x00\x00", b"cd")
    data = b.build()
    records, warnings = read_fit_records(data)
    assert not warnings
    assert records.heart_rate_bpm is not None
    assert list(records.heart_rate_bpm) == [140, 141]
    sdk, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert not errors
    assert len(sdk["record_mesgs"]) == 2


def test_compressed_timestamp_headers_roll_over() -> None:
    b = FitBuilder().define(0, 20, [(253, UINT32), (3, UINT8)]).define(1, 20, [(3, UINT8)])
    base = fit_time(T0)
    b.message(0, base, 100)
    expected = [base]
    t = base
    for step in [1, 5, 10, 20, 31, 3]:  # offsets up to 31 s, crossing 5-bit rollovers
        t += step
        b.compressed(1, t & 0x1F, 101)
        expected.append(t)
    records, warnings = read_fit_records(b.build())
    assert not warnings
    np.testing.assert_array_equal(records.timestamp_s - (T0 - base), expected)


def test_multisport_sessions_become_legs() -> None:
    data = (ACTIVITIES_DIR / "python-fitparse/activity-large-fenxi2-multisport.fit").read_bytes()
    a = parse_fit(data, source="multisport.fit").activity
    assert a.sport == "multisport"
    assert len(a.legs) == 7
    sports = [leg.sport for leg in a.legs]
    assert "transition" in sports
    assert len(set(sports)) >= 3
    last = a.legs[-1]
    assert a.elapsed_s == (last.start_utc - a.start_utc).total_seconds() + last.elapsed_s
    assert a.streams.time_s[-1] == pytest.approx(a.elapsed_s, abs=2)


def test_non_activity_files_are_not_activities() -> None:
    data = (ACTIVITIES_DIR / "python-fitparse/WorkoutRepeatSteps.fit").read_bytes()
    with pytest.raises(NotAnActivityError, match="workout"):
        parse_fit(data, source="workout.fit")


def _interleaved(n: int) -> bytes:
    """record/hrv cycles with the record definition switching every 50 cycles (like Edge 530)."""
    b = FitBuilder().define(0, 78, [(0, UINT16)])
    fields_a = RECORD_FIELDS[:3]
    fields_b = [(253, UINT32), (3, UINT8)]
    b.define(1, 20, fields_a).define(2, 20, fields_b)
    for i in range(n):
        if (i // 50) % 2:
            b.message(2, fit_time(T0) + i, 100 + i % 50)
        else:
            b.message(1, fit_time(T0) + i, i, -i)
        b.message(0, 800 + i % 7)
        if i % 333 == 0:
            b.define(3, 21, [(253, UINT32), (0, ENUM)]).message(3, fit_time(T0) + i, 0)
    return b.build()


def test_fast_forward_over_repeated_cycles_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [
        _interleaved(2000),
        (ACTIVITIES_DIR / "python-fitparse/activity-small-fenix2-run.fit").read_bytes(),
        (ACTIVITIES_DIR / "python-fitparse/event_timestamp.fit").read_bytes(),
    ]
    fast = [read_fit_records(data)[0] for data in files]
    monkeypatch.setattr(fit_decode, "_MAX_CYCLE_MESSAGES", 0)
    slow = [read_fit_records(data)[0] for data in files]
    for a, b in zip(fast, slow, strict=True):
        np.testing.assert_array_equal(a.timestamp_s, b.timestamp_s)
        for name in ("heart_rate_bpm", "lat_deg", "speed_mps", "distance_m"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    sdk, _ = Decoder(Stream.from_byte_array(bytearray(files[0]))).read()
    assert len(fast[0].timestamp_s) == len(sdk["record_mesgs"]) == 2000


_VARIANTS = ([(253, UINT32), (3, UINT8)], [(253, UINT32), (3, UINT8), (6, UINT16)])
_OP = st.tuples(st.sampled_from(["msg", "def"]), st.integers(0, 1), st.integers(0, 1))


def _decode_both(data: bytes) -> tuple[object, object]:
    fast = read_fit_records(data)[0]
    saved = fit_decode._MAX_CYCLE_MESSAGES
    fit_decode._MAX_CYCLE_MESSAGES = 0
    try:
        slow = read_fit_records(data)[0]
    finally:
        fit_decode._MAX_CYCLE_MESSAGES = saved
    return fast, slow


@settings(max_examples=40, deadline=None)
@given(
    pattern=st.lists(_OP, min_size=1, max_size=6),
    repeats=st.integers(20, 150),
    noise=st.lists(st.tuples(st.integers(0, 10_000), _OP), max_size=5),
)
def test_fast_forward_equals_slow_scan_on_random_cycles(
    pattern: list[tuple[str, int, int]],
    repeats: int,
    noise: list[tuple[int, tuple[str, int, int]]],
) -> None:
    ops = pattern * repeats
    for where, op in sorted(noise, reverse=True):
        ops.insert(where % (len(ops) + 1), op)
    b = FitBuilder()
    defined: dict[int, int] = {}
    t = fit_time(T0)
    for kind, local, variant in ops:
        if kind == "def":
            b.define(local, 20, _VARIANTS[variant])
            defined[local] = variant
        elif local in defined:
            t += 1
            values = (t, t % 200) if defined[local] == 0 else (t, t % 200, t % 5000)
            b.message(local, *values)
    fast, slow = _decode_both(b.build())
    for name in ("timestamp_s", "heart_rate_bpm", "speed_mps"):
        np.testing.assert_array_equal(getattr(fast, name), getattr(slow, name))
    assert len(fast.timestamp_s) == t - fit_time(T0)  # type: ignore[attr-defined]
