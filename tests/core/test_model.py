"""The core dataclasses: stream lengths, channel round trip, local time."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from backstride.model import Activity, Streams


def test_streams_reject_channels_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="heart_rate_bpm has 2 samples"):
        Streams(time_s=np.arange(3.0), heart_rate_bpm=np.arange(2.0))


def test_channels_round_trip_and_absent_channels_stay_none() -> None:
    streams = Streams(time_s=np.arange(3.0), speed_mps=np.array([1.0, 2.0, np.nan]))
    channels = streams.channels()
    assert list(channels) == ["time_s", "speed_mps"]
    back = Streams.from_channels(channels)
    assert back.heart_rate_bpm is None
    assert len(back) == 3
    with pytest.raises(ValueError, match="unknown"):
        Streams.from_channels({"time_s": np.arange(1.0), "pace": np.arange(1.0)})


def test_activity_end_and_local_start() -> None:
    activity = Activity(
        sport="running",
        sub_sport="trail",
        start_utc=datetime(2024, 5, 1, 6, 0, tzinfo=UTC),
        elapsed_s=3600.0,
        source_sha256="0" * 64,
        source_format="gpx",
        streams=Streams(time_s=np.zeros(0)),
        local_utc_offset_s=7200,
    )
    assert activity.end_utc == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
    assert activity.start_local is not None
    assert activity.start_local.hour == 8
    no_zone = Activity(
        sport="running",
        sub_sport=None,
        start_utc=activity.start_utc,
        elapsed_s=1.0,
        source_sha256="0" * 64,
        source_format="gpx",
        streams=Streams(time_s=np.zeros(0)),
    )
    assert no_zone.start_local is None
