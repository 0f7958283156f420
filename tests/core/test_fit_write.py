from __future__ import annotations

import io
from datetime import UTC, datetime

import numpy as np
import pytest

from backstride.fit_write import Field, FitWriter, encode_activity
from backstride.ingest import parse_fit
from backstride.model import Activity, Streams

START = datetime(2026, 10, 4, 7, 30, tzinfo=UTC)


def _run(n: int = 1800) -> Activity:
    t = np.arange(n, dtype=np.float64)
    speed = np.full(n, 3.1)
    speed[:120] = 1.4
    hr = 120 + 40 * (1 - np.exp(-t / 300))
    hr[500:510] = np.nan
    return Activity(
        sport="running",
        sub_sport="street",
        start_utc=START,
        elapsed_s=float(n - 1),
        source_sha256="x" * 64,
        source_format="fit",
        distance_m=float(np.sum(speed[1:])),
        local_utc_offset_s=3600,
        streams=Streams(
            time_s=t,
            speed_mps=speed,
            distance_m=np.concatenate([[0.0], np.cumsum(speed[1:])]),
            heart_rate_bpm=np.round(hr),
            cadence_spm=np.where(speed > 2, 166.0, 112.0),
            altitude_m=40 + 5 * np.sin(t / 200),
            lat_deg=53.8 + t * 1e-5,
            lon_deg=-1.55 + t * 1e-5,
        ),
    )


def test_our_decoder_reads_back_what_we_wrote() -> None:
    run = _run()
    parsed = parse_fit(encode_activity(run), source="written.fit")
    assert parsed.warnings == ()
    back = parsed.activity
    assert back.sport == "running"
    assert back.sub_sport == "street"
    assert back.start_utc == START
    assert back.local_utc_offset_s == 3600
    assert len(back.streams) == len(run.streams)
    assert back.streams.cadence_spm is not None
    np.testing.assert_allclose(back.streams.cadence_spm, run.streams.cadence_spm, atol=0.02)
    np.testing.assert_allclose(back.streams.speed_mps, run.streams.speed_mps, atol=1e-3)
    np.testing.assert_allclose(back.streams.altitude_m, run.streams.altitude_m, atol=0.2)
    np.testing.assert_allclose(back.streams.lat_deg, run.streams.lat_deg, atol=1e-6)
    hr = back.streams.heart_rate_bpm
    assert hr is not None
    assert np.isnan(hr[500:510]).all()
    assert back.distance_m == pytest.approx(run.distance_m, abs=0.01)


def test_the_official_sdk_reads_it_with_valid_crcs() -> None:
    from garmin_fit_sdk import Decoder, Stream

    data = encode_activity(_run(600))
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    records = messages["record_mesgs"]
    assert len(records) == 600
    assert records[0]["timestamp"] == START
    assert records[300]["heart_rate"] == 120 + round(40 * (1 - np.exp(-1)))
    assert messages["session_mesgs"][0]["sport"] == "running"


def test_columns_of_different_lengths_are_refused() -> None:
    writer = FitWriter()
    with pytest.raises(ValueError, match="same length"):
        writer.add(20, {Field(253, 0x86): [1, 2], Field(3, 0x02): [1]})


def test_out_of_range_values_become_invalid_not_wrapped() -> None:
    raw = Field(3, 0x02).raw([70.0, 300.0, np.nan, -5.0])
    assert list(raw) == [70, 255, 255, 255]
    assert io.BytesIO(FitWriter().to_bytes()).read(14)[8:12] == b".FIT"


def test_string_fields_are_nul_padded_and_read_back_by_the_official_sdk() -> None:
    from garmin_fit_sdk import Decoder, Stream

    from backstride.fit_write import ENUM, STRING, UINT16

    writer = FitWriter()
    writer.add(0, {Field(0, ENUM): [5], Field(1, UINT16): [255]})
    name = Field(8, STRING, size=8)
    writer.add(26, {Field(4, ENUM): [1, 1, 1], name: ["Easy run long name", "Zoë", None]})
    content = writer.to_bytes()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(content))).read()
    assert errors == []
    names = [m.get("wkt_name") for m in messages["workout_mesgs"]]
    assert names[0] == "Easy ru"  # cut to size - 1 bytes, so a NUL always ends it
    assert names[1] == "Zoë"
    assert names[2] in (None, "")
    assert b"Easy ru\0" in content


def test_a_string_field_needs_a_size() -> None:
    from backstride.fit_write import STRING

    with pytest.raises(ValueError, match="size"):
        Field(8, STRING)
