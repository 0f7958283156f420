from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.errors import CorruptFileError
from backstride.model import Streams
from backstride.streams_io import pack_streams, unpack_streams


def _streams(n: int) -> Streams:
    rng = np.random.default_rng(7)
    time_s = np.arange(n, dtype=np.float64)
    hr = rng.normal(150, 10, n)
    hr[::17] = np.nan
    return Streams(
        time_s=time_s,
        distance_m=np.cumsum(rng.uniform(2.5, 3.5, n)),
        heart_rate_bpm=hr,
        lat_deg=51.5 + np.cumsum(rng.normal(0, 1e-5, n)),
        lon_deg=-0.12 + np.cumsum(rng.normal(0, 1e-5, n)),
    )


def test_round_trip_keeps_channels_gaps_and_precision() -> None:
    original = _streams(3600)
    restored = unpack_streams(pack_streams(original))
    assert set(restored.channels()) == set(original.channels())
    assert restored.cadence_spm is None
    np.testing.assert_array_equal(restored.lat_deg, original.lat_deg)
    np.testing.assert_array_equal(restored.distance_m, original.distance_m)
    np.testing.assert_allclose(restored.heart_rate_bpm, original.heart_rate_bpm, rtol=1e-6)
    assert np.isnan(restored.heart_rate_bpm[::17]).all()


def test_it_is_compact() -> None:
    streams = _streams(3600)
    raw = sum(values.nbytes for values in streams.channels().values())
    assert len(pack_streams(streams)) < 0.8 * raw


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=100))
@settings(max_examples=40)
def test_damage_raises_our_error_only(n: int, cut: int) -> None:
    blob = pack_streams(_streams(n))
    damaged = blob[: max(0, len(blob) - 1 - cut)]
    with pytest.raises(CorruptFileError):
        unpack_streams(damaged)


def test_an_empty_activity_round_trips() -> None:
    empty = Streams(time_s=np.array([], dtype=np.float64))
    assert len(unpack_streams(pack_streams(empty))) == 0
