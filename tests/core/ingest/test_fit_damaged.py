"""Damaged FIT files: keep every record before the fault, warn, never crash."""

from __future__ import annotations

import struct

import fitdecode
import pytest
from fitbuilder import UINT8, UINT32, FitBuilder, fit_time, run_file
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import ACTIVITIES_DIR

from backstride.errors import CorruptFileError, InputError
from backstride.ingest import OutcomeStatus, read_bytes
from backstride.ingest.fit import parse_fit

ACTIVITY = (ACTIVITIES_DIR / "python-fitparse/Activity.fit").read_bytes()
RUN = (ACTIVITIES_DIR / "python-fitparse/activity-small-fenix2-run.fit").read_bytes()


def _fitdecode_record_count(data: bytes) -> int:
    """Records fitdecode yields before it raises (it recovers everything up to a fault)."""
    count = 0
    try:
        with fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.DISABLED) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                    count += 1
    except fitdecode.FitError:
        pass
    return count


def test_zero_byte_file_fails_with_a_clear_error() -> None:
    (outcome,) = read_bytes(b"", "empty.fit")
    assert outcome.status is OutcomeStatus.FAILED
    assert outcome.error is not None
    assert "empty" in outcome.error.message
    assert str(outcome.error).startswith("empty.fit: ")


@pytest.mark.parametrize("keep_fraction", [0.3, 0.5, 0.77, 0.999])
def test_truncated_file_keeps_every_record_before_the_cut(keep_fraction: float) -> None:
    cut = RUN[: int(len(RUN) * keep_fraction)]
    result = parse_fit(cut, source="flat-battery.fit")
    assert result.recovered
    assert result.records == _fitdecode_record_count(cut) > 0
    assert any("recovered" in w and str(result.records) in w for w in result.warnings)
    assert any("byte" in w for w in result.warnings)


def test_truncated_upstream_sample_is_imported_with_a_warning() -> None:
    data = (ACTIVITIES_DIR / "python-fitparse/activity-unexpected-eof.fit").read_bytes()
    (outcome,) = read_bytes(data, "activity-unexpected-eof.fit")
    assert outcome.status is OutcomeStatus.OK
    assert outcome.result is not None
    assert outcome.result.records == 14
    assert "recovered 14 records" in outcome.message


def test_bad_file_crc_keeps_the_data_and_warns() -> None:
    data = (ACTIVITIES_DIR / "python-fitparse/activity-filecrc.fit").read_bytes()
    result = parse_fit(data, source="activity-filecrc.fit")
    assert result.records == 14
    assert any("CRC mismatch" in w for w in result.warnings)


def test_flipped_crc_bytes_of_a_good_file_are_detected() -> None:
    broken = RUN[:-2] + bytes([RUN[-2] ^ 0xFF, RUN[-1]])
    result = parse_fit(broken, source="x.fit")
    assert result.records == 2809
    assert any("CRC mismatch" in w for w in result.warnings)
    assert not parse_fit(RUN, source="x.fit").warnings


def test_bad_header_crc_is_reported() -> None:
    data = run_file(30)
    broken = data[:12] + bytes([data[12] ^ 0x55]) + data[13:]
    result = parse_fit(broken, source="x.fit", check_crc=True)
    assert any("header CRC" in w for w in result.warnings)


def test_chained_file_with_broken_second_part_keeps_the_first() -> None:
    data = (ACTIVITIES_DIR / "python-fitparse/activity-settings-nodata.fit").read_bytes()
    result = parse_fit(data, source="chained.fit")
    assert result.records == 14
    assert any("part 2" in w for w in result.warnings)


def test_chained_file_built_from_two_runs_reads_both_and_a_cut_second_part() -> None:
    first = run_file(100, start_unix_s=1_700_000_000)
    second = run_file(50, start_unix_s=1_700_000_200)
    both = parse_fit(first + second, source="chain.fit")
    assert both.records == 150
    assert not both.warnings
    cut = parse_fit(first + second[: len(second) // 2], source="chain.fit")
    assert 100 < cut.records < 150
    assert any("part 2" in w for w in cut.warnings)


def test_undefined_local_message_stops_there_with_a_warning() -> None:
    data = (ACTIVITIES_DIR / "python-fitparse/strava-android-app-201.10-b1218918.fit").read_bytes()
    result = parse_fit(data, source="strava.fit")
    assert result.records == 473
    assert any("undefined local message 11" in w for w in result.warnings)


def test_file_whose_only_message_is_undefined_fails() -> None:
    data = FitBuilder().raw(bytes([0x03, 1, 2, 3])).build()
    with pytest.raises(CorruptFileError, match=r"nothing usable.*undefined local message 3"):
        parse_fit(data, source="x.fit")


def test_not_a_fit_file_at_all() -> None:
    with pytest.raises(CorruptFileError):
        parse_fit(b"hello, this is not a FIT file", source="x.fit")


def test_header_without_any_message_fails() -> None:
    with pytest.raises(CorruptFileError, match="nothing usable"):
        parse_fit(FitBuilder().build(), source="x.fit")


def test_timestamps_jumping_backwards_are_dropped_with_a_warning() -> None:
    b = FitBuilder().define(0, 20, [(253, UINT32), (3, UINT8)])
    for t in [0, 1, 2, 3, 1, 2, 4, 5]:
        b.message(0, fit_time(1_700_000_000) + t, 140)
    result = parse_fit(b.build(), source="x.fit")
    assert result.records == 8
    assert list(result.activity.streams.time_s) == [0, 1, 2, 3, 4, 5]
    assert any("2 samples whose timestamp jumps backwards" in w for w in result.warnings)


def test_heart_rate_all_zeros_is_treated_as_no_heart_rate() -> None:
    b = FitBuilder().define(0, 20, [(253, UINT32), (3, UINT8)])
    for t in range(10):
        b.message(0, fit_time(1_700_000_000) + t, 0)
    result = parse_fit(b.build(), source="x.fit")
    assert result.activity.streams.heart_rate_bpm is None
    assert result.activity.avg_hr_bpm is None
    assert any("heart rate is zero" in w for w in result.warnings)


def test_zero_data_size_header_is_decoded_to_the_end() -> None:
    data = run_file(20)
    body = data[14:-2]
    header = struct.pack("<BBHI4s", 12, 0x20, 2132, 0, b".FIT")
    result = parse_fit(header + body, source="unclosed.fit")
    assert result.records == 20
    assert any("no data size" in w for w in result.warnings)


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(ACTIVITY)), flip=st.integers(0, 255))
def test_random_damage_raises_only_our_errors(cut: int, flip: int) -> None:
    damaged = bytearray(ACTIVITY[:cut])
    if damaged:
        damaged[(cut * 7919) % len(damaged)] ^= flip
    try:
        result = parse_fit(bytes(damaged), source="fuzz.fit")
    except InputError:
        return
    assert result.records <= 14 + 2 * len(damaged)


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=100, max_value=len(RUN)))
def test_random_truncation_recovers_as_much_as_fitdecode(cut: int) -> None:
    try:
        result = parse_fit(RUN[:cut], source="cut.fit")
    except CorruptFileError:
        assert _fitdecode_record_count(RUN[:cut]) == 0
        return
    assert result.records == _fitdecode_record_count(RUN[:cut])
