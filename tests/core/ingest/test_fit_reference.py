"""Our FIT decode against the official garmin-fit-sdk (fitdecode where the SDK cannot read).

Every copied FIT sample: same number of records, and the same timestamps, heart rate,
cadence, distance, speed, altitude and position, record by record.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fitdecode
import numpy as np
import pytest
from garmin_fit_sdk import Decoder, Stream
from samples import ACTIVITIES_DIR, manifest_rows, sample_paths

from backstride.ingest.fit import SEMICIRCLE_DEG, parse_fit, read_fit_records
from backstride.ingest.fit_profile import FIT_EPOCH_UNIX_S

FIT_FILES = sample_paths("FIT")
SDK_UNREADABLE = {"compressed-speed-distance.fit"}  # compressed timestamp headers


def _sdk_records(data: bytes) -> list[dict[str, Any]]:
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    messages, _errors = decoder.read(convert_datetimes_to_dates=False, merge_heart_rates=False)
    records: list[dict[str, Any]] = messages.get("record_mesgs", [])
    return records


def _column(records: list[dict[str, Any]], *names: str) -> np.ndarray:
    out = []
    for record in records:
        value = None
        for name in names:
            if record.get(name) is not None:
                value = record[name]
                break
        out.append(np.nan if value is None else float(value))
    return np.array(out, dtype=np.float64)


def _assert_same(
    ours: np.ndarray | None, theirs: np.ndarray, what: str, rtol: float = 1e-6
) -> None:
    if ours is None:
        assert np.isnan(theirs).all(), f"{what}: we found none, the reference has values"
        return
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=1e-6, equal_nan=True, err_msg=what)


def test_manifest_lists_every_copied_file_with_its_hash() -> None:
    rows = manifest_rows()
    listed = {row["file"] for row in rows}
    present = {str(p.relative_to(ACTIVITIES_DIR)) for p in ACTIVITIES_DIR.rglob("*") if p.is_file()}
    assert listed == present
    for row in rows:
        assert row["licence"] in {"MIT", "Apache-2.0", "Garmin FIT Protocol License"}
        digest = hashlib.sha256((ACTIVITIES_DIR / row["file"]).read_bytes()).hexdigest()
        assert digest == row["sha256"], row["file"]


@pytest.mark.parametrize("path", FIT_FILES, ids=lambda p: p.name)
def test_records_match_the_official_sdk(path: Path) -> None:
    if path.name in SDK_UNREADABLE:
        pytest.skip("the SDK cannot read compressed timestamps; see the fitdecode test")
    data = path.read_bytes()
    theirs = _sdk_records(data)
    ours, _ = read_fit_records(data)
    assert len(ours.timestamp_s) == len(theirs)
    if not theirs:
        return
    _assert_same(ours.timestamp_s - FIT_EPOCH_UNIX_S, _column(theirs, "timestamp"), "timestamp")
    _assert_same(ours.heart_rate_bpm, _column(theirs, "heart_rate"), "heart rate")
    cadence = _column(theirs, "cadence") + np.nan_to_num(_column(theirs, "fractional_cadence"))
    _assert_same(ours.cadence, cadence, "cadence")
    _assert_same(ours.distance_m, _column(theirs, "distance"), "distance")
    _assert_same(ours.speed_mps, _column(theirs, "enhanced_speed", "speed"), "speed")
    _assert_same(ours.altitude_m, _column(theirs, "enhanced_altitude", "altitude"), "altitude")
    _assert_same(ours.power_w, _column(theirs, "power"), "power")
    lat = _column(theirs, "position_lat") * SEMICIRCLE_DEG
    _assert_same(ours.lat_deg, lat, "latitude")


def _fitdecode_records(data: bytes) -> list[dict[str, Any]]:
    records = []
    with fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.DISABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                records.append({f.name: f.value for f in frame.fields})
    return records


def test_compressed_timestamps_match_fitdecode_and_upstream_values() -> None:
    data = (ACTIVITIES_DIR / "python-fitparse/compressed-speed-distance.fit").read_bytes()
    theirs = _fitdecode_records(data)
    ours, warnings = read_fit_records(data)
    assert not warnings
    assert len(ours.timestamp_s) == len(theirs) == 755
    timestamps = np.array([float(r["timestamp"]) for r in theirs])
    np.testing.assert_array_equal(ours.timestamp_s - FIT_EPOCH_UNIX_S, timestamps)
    _assert_same(ours.heart_rate_bpm, _column(theirs, "heart_rate"), "heart rate")
    _assert_same(ours.speed_mps, _column(theirs, "speed"), "speed")
    _assert_same(ours.distance_m, _column(theirs, "distance"), "distance")
    # upstream's expected CSV (python-fitparse) starts at the second record
    path = ACTIVITIES_DIR / "python-fitparse/compressed-speed-distance-records.csv"
    with path.open() as handle:
        expected = list(csv.DictReader(handle, skipinitialspace=True))
    for i, row in enumerate(expected, start=1):
        assert ours.timestamp_s[i] - FIT_EPOCH_UNIX_S == int(row["Timestamp"])
        assert ours.distance_m is not None
        assert ours.distance_m[i] == pytest.approx(float(row["Distance [m]"]))


def test_fenix5_run_matches_upstream_expected_values() -> None:
    data = (ACTIVITIES_DIR / "python-fitparse/garmin-fenix-5-run.fit").read_bytes()
    ours, _ = read_fit_records(data)
    path = ACTIVITIES_DIR / "python-fitparse/garmin-fenix-5-run-records.csv"
    with path.open() as handle:
        expected = list(csv.DictReader(handle))
    assert len(expected) == len(ours.timestamp_s)
    assert ours.heart_rate_bpm is not None
    assert ours.distance_m is not None
    for i, row in enumerate(expected):
        assert ours.heart_rate_bpm[i] == float(row["heart_rate"])
        assert ours.distance_m[i] == pytest.approx(float(row["distance"]))
    # "Sun Jun 11 07:34:09 PDT 2017" is 14:34:09 UTC
    assert ours.timestamp_s[0] == datetime(2017, 6, 11, 14, 34, 9, tzinfo=UTC).timestamp()


@pytest.mark.parametrize("path", FIT_FILES, ids=lambda p: p.name)
def test_streams_keep_every_record_unless_time_runs_backwards(path: Path) -> None:
    data = path.read_bytes()
    ours, _ = read_fit_records(data)
    if not len(ours.timestamp_s):
        return
    result = parse_fit(data, source=path.name)
    dropped = sum(int(w.split()[0]) for w in result.warnings if "backwards" in w)
    assert len(result.activity.streams) + dropped == len(ours.timestamp_s)
    assert np.all(np.diff(result.activity.streams.time_s) >= 0)
