"""Initial contact and toe-off against a synthetic runner with known event times."""

from __future__ import annotations

import numpy as np
import pytest

from backstride.gait import events as ev
from backstride.gait.signal import SignalSettings, clean
from tests.core.gait.synthetic import Runner

ONE_FRAME = 1.0 + 1e-9


def _contacts(runner: Runner) -> list[ev.Contact]:
    px = runner.pixels()
    done = clean(px, np.full(px.shape[:2], 0.9), runner.fps, SignalSettings())
    direction = ev.facing_direction(done.xy)
    return ev.detect_contacts(
        done.xy, runner.fps, direction, ev.leg_length_px(done.xy), done.unfiltered
    )


@pytest.mark.parametrize("fps", [30.0, 60.0, 120.0, 240.0])
@pytest.mark.parametrize("cadence", [160.0, 180.0])
def test_events_within_one_frame(fps: float, cadence: float) -> None:
    runner = Runner(fps=fps, cadence_spm=cadence, duration_s=6.0)
    found = _contacts(runner)
    for side in ev.SIDES:
        true_ic, true_to = runner.true_contacts(side)
        ours = [c for c in found if c.side == side]
        # every contact away from the clip's ends is found, within one frame
        inner = [t for t in true_ic if 0.3 * fps < t < runner.n - 0.3 * fps]
        for t in inner:
            assert min(abs(c.ic - t) for c in ours) <= ONE_FRAME, (side, t)
        for c in ours:
            assert min(abs(c.ic - t) for t in true_ic) <= ONE_FRAME
            if c.to is not None:
                assert min(abs(c.to - t) for t in true_to) <= ONE_FRAME
        assert sum(c.valid for c in ours) >= len(inner) - 1


def test_mirrored_runner_has_the_same_events() -> None:
    right = _contacts(Runner(facing=1))
    left = _contacts(Runner(facing=-1))
    assert [(c.side, c.ic, c.to, c.valid) for c in right] == [
        (c.side, c.ic, c.to, c.valid) for c in left
    ]


def test_facing_direction() -> None:
    assert ev.facing_direction(Runner(facing=1).pixels()) == 1
    assert ev.facing_direction(Runner(facing=-1).pixels()) == -1


def test_feet_alternate_and_missing_contacts_are_flagged() -> None:
    runner = Runner(duration_s=6.0)
    px = runner.pixels()
    # hide the right leg (not the hip) for a second: its contacts there vanish and the
    # left contacts around the gap are flagged
    px[60:90, [26, 28, 30, 32]] = np.nan
    done = clean(px, np.where(np.isfinite(px[:, :, 0]), 0.9, 0.0), runner.fps, SignalSettings())
    found = ev.detect_contacts(done.xy, runner.fps, 1, ev.leg_length_px(done.xy))
    flagged = [c for c in found if not c.valid]
    assert flagged
    assert all("alternate" in c.reason or "toe-off" in c.reason for c in flagged)
