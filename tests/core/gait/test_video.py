"""Bad input gives clear errors; good input is described correctly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backstride.errors import (
    CorruptFileError,
    InputError,
    LimitExceededError,
    UnsupportedFormatError,
)
from backstride.gait import FakePose, VideoLimits, analyse_video
from backstride.gait.video import iter_frames, iter_frames_threaded, probe
from tests.core.gait.clips import write_clip


@pytest.mark.parametrize("name", ["ok.mp4", "ok.webm", "ok.avi", "ok.mov"])
def test_a_good_clip_is_described(tmp_path: Path, name: str) -> None:
    info = probe(write_clip(tmp_path / name, seconds=4))
    assert (info.width, info.height, info.fps, info.frame_count) == (320, 240, 30.0, 120)
    assert info.duration_s == pytest.approx(4.0)
    assert info.rotation_deg == 0


def test_slow_motion_factor_raises_the_frame_rate(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "slow.mp4", seconds=4)
    with pytest.raises(InputError, match=r"1\.0 s long"):
        probe(path, slowmo_factor=4)  # 30 fps played 4x slowed: really 120 fps for 1 s
    info = probe(path, slowmo_factor=4, limits=VideoLimits(min_duration_s=0.5))
    assert info.fps == 120.0


def test_text_named_mp4_is_not_a_video(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video\n" * 50)
    with pytest.raises(UnsupportedFormatError, match="not a video") as caught:
        probe(path)
    assert "notes.mp4" in str(caught.value)


def test_truncated_mp4_is_corrupt(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "cut.mp4", seconds=4)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError, match="damaged"):
        probe(path)


@pytest.mark.parametrize("name", ["photo.png", "photo.mp4"])
def test_a_still_image_is_refused(tmp_path: Path, name: str) -> None:
    import cv2

    path = tmp_path / "photo.png"
    cv2.imwrite(str(path), np.zeros((120, 160, 3), dtype=np.uint8))
    path = path.rename(tmp_path / name)
    with pytest.raises(UnsupportedFormatError, match="still PNG image"):
        probe(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        probe(tmp_path / "nope.mp4")
    (tmp_path / "empty.mp4").write_bytes(b"")
    with pytest.raises(CorruptFileError, match="empty"):
        probe(tmp_path / "empty.mp4")


def test_one_second_is_too_short(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="film at least 3 s"):
        probe(write_clip(tmp_path / "short.mp4", seconds=1))


def test_over_the_length_limit(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "long.mp4", seconds=4)
    with pytest.raises(LimitExceededError, match="limit is 3 s"):
        probe(path, limits=VideoLimits(max_duration_s=3.0))
    with pytest.raises(LimitExceededError, match="MB"):
        probe(path, limits=VideoLimits(max_bytes=100))


def test_threaded_decoding_gives_the_same_frames(tmp_path: Path) -> None:
    info = probe(write_clip(tmp_path / "ok.mp4", seconds=3))
    plain = [(f.index, f.time_s, f.image.sum()) for f in iter_frames(info)]
    threaded = [(f.index, f.time_s, f.image.sum()) for f in iter_frames_threaded(info, buffer=2)]
    assert plain == threaded
    assert len(plain) == 90


def test_stopping_early_ends_the_decoder_thread(tmp_path: Path) -> None:
    import threading

    info = probe(write_clip(tmp_path / "ok.mp4", seconds=3))
    frames = iter_frames_threaded(info, buffer=2)
    next(frames)
    frames.close()
    assert not any(t.name == "gait-decode" and t.is_alive() for t in threading.enumerate())


def test_a_clip_where_nobody_is_found_is_an_error_not_numbers(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "blank.mp4", seconds=4)
    estimator = FakePose([None] * 120)
    with pytest.raises(InputError, match="nobody was found"):
        analyse_video(path, estimator=estimator)
    assert estimator.calls == 120


def test_progress_is_reported_per_frame(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "blank.mp4", seconds=4)
    seen: list[tuple[int, int]] = []
    with pytest.raises(InputError):
        analyse_video(
            path, estimator=FakePose([]), progress=lambda done, total: seen.append((done, total))
        )
    assert seen[0] == (1, 120)
    assert seen[-1] == (120, 120)


def test_trimming_below_three_seconds_is_refused(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "ok.mp4", seconds=4)
    with pytest.raises(InputError, match="selected part"):
        analyse_video(path, estimator=FakePose([]), start_s=2.0)


@pytest.mark.slow
def test_blank_scene_with_the_real_model_is_nobody(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "blank.mp4", seconds=3.5)
    with pytest.raises(InputError, match="nobody was found"):
        analyse_video(path)
