"""Pre-processing: visibility mask, swap repair, Hampel, gap fill, Butterworth."""

from __future__ import annotations

import numpy as np
import pytest

from backstride.gait import pose
from backstride.gait.signal import (
    SignalSettings,
    clean,
    cutoff_for_fps,
    fill_gaps,
    hampel,
    lowpass,
    mask_low_visibility,
    repair_swaps,
)
from tests.core.gait.synthetic import Runner


@pytest.mark.parametrize(("fps", "hz"), [(30, 6.0), (60, 8.0), (120, 10.0), (240, 12.0)])
def test_cutoff_follows_the_frame_rate(fps: float, hz: float) -> None:
    assert cutoff_for_fps(fps) == pytest.approx(hz)


def test_cutoff_stays_below_nyquist_and_can_be_overridden() -> None:
    assert cutoff_for_fps(10) <= 4.0
    assert SignalSettings(cutoff_hz=5.0).cutoff(240) == 5.0


def test_low_visibility_points_become_nan() -> None:
    xy = np.ones((2, 33, 2))
    vis = np.full((2, 33), 0.9)
    vis[1, 5] = 0.2
    out = mask_low_visibility(xy, vis, 0.5)
    assert np.isnan(out[1, 5]).all()
    assert np.isfinite(out[0]).all()


def _swap_frames(xy: np.ndarray, frames: list[int]) -> np.ndarray:
    out = xy.copy()
    for f in frames:
        for left, right in pose.LEG_PAIRS:
            out[f, [left, right]] = out[f, [right, left]]
    return out


def _apart(xy: np.ndarray, frame: int) -> bool:
    return bool(np.linalg.norm(xy[frame, pose.L_ANKLE] - xy[frame, pose.R_ANKLE]) > 60)


@pytest.mark.parametrize("fps", [30.0, 120.0])
def test_single_frame_and_short_swaps_are_all_repaired(fps: float) -> None:
    truth = Runner(fps=fps).pixels()
    rng = np.random.default_rng(7)
    # swaps only where the legs are apart: where they overlap a swap changes nothing
    candidates = [f for f in range(5, truth.shape[0] - 10) if _apart(truth, f)]
    starts = sorted(rng.choice(candidates, size=12, replace=False))
    injected: list[int] = []
    for k, start in enumerate(starts):
        length = 1 if k % 2 == 0 else 2 + k % 3  # single-frame and 2–4-frame swaps
        injected += [f for f in range(start, start + length) if _apart(truth, f)]
    broken = _swap_frames(truth, injected)
    repaired, swapped = repair_swaps(broken)
    assert set(np.flatnonzero(swapped)) >= set(injected)
    assert (
        np.allclose(repaired, truth, atol=1e-6)
        or np.max(np.abs(repaired - truth)[:, [p for pair in pose.LEG_PAIRS for p in pair]]) < 60
    )  # any frame still "swapped" is one where the legs overlap
    for f in injected:
        assert np.allclose(repaired[f], truth[f])


def test_swap_repair_keeps_clean_data_and_survives_missing_frames() -> None:
    truth = Runner().pixels()
    truth[40:43] = np.nan
    repaired, swapped = repair_swaps(truth)
    assert not swapped.any()
    assert np.array_equal(np.isnan(repaired), np.isnan(truth))


def test_hampel_removes_a_spike_and_keeps_a_smooth_signal() -> None:
    t = np.arange(100) / 30
    x = np.sin(2 * np.pi * 1.4 * t) * 100
    spiked = x.copy()
    spiked[50] += 300
    out = hampel(spiked, 3, 2.0)
    assert np.isnan(out[50])
    assert np.allclose(hampel(x, 3, 2.0), x)


def test_short_gaps_are_filled_and_long_ones_kept() -> None:
    x = np.arange(20, dtype=float)
    x[3:5] = np.nan
    x[10:16] = np.nan
    out = fill_gaps(x, 3)
    assert np.allclose(out[3:5], [3, 4])
    assert np.isnan(out[10:16]).all()


def test_edges_are_not_extrapolated() -> None:
    x = np.array([np.nan, 1.0, 2.0, np.nan])
    assert np.isnan(fill_gaps(x, 3)[[0, 3]]).all()


def test_butterworth_is_zero_lag_and_passes_slow_signals() -> None:
    t = np.arange(300) / 30
    slow = np.sin(2 * np.pi * 1.0 * t)
    noisy = slow + 0.3 * np.sin(2 * np.pi * 13.0 * t)
    out = lowpass(noisy, 30, 6.0)
    assert np.max(np.abs(out[20:-20] - slow[20:-20])) < 0.05
    # zero lag: a slow signal comes out where it went in
    assert np.max(np.abs(lowpass(slow, 30, 6.0)[20:-20] - slow[20:-20])) < 0.01


def test_clean_runs_end_to_end_and_keeps_raw() -> None:
    runner = Runner()
    px = runner.pixels()
    vis = np.full(px.shape[:2], 0.9)
    done = clean(px, vis, runner.fps, SignalSettings())
    assert done.raw_xy.shape == done.xy.shape == px.shape
    assert done.cutoff_hz == pytest.approx(6.0)
    assert np.nanmax(np.abs(done.xy - px)) < 15
