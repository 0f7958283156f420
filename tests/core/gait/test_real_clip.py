"""End to end on a real video: the Sports2D demo clip (BSD-3, tests/data/MANIFEST.tsv).

The clip (1768×994, 30 fps, 230 frames) holds two people: a man on a box in the upper
left (jumping, then climbing down at the end) and a woman walking side-on from right to
left across the lower half. BlazePose follows one person — the first it finds, the man
— so we select the walker the way a user would: a crop of the lower part of the frame
(top 48 % removed) and frames 30–204 (1.0–6.8 s).

Hand count (made by looking at every third frame of a crop around her feet, frames
36-210): her heel strikes, the moment the leading heel touches with the legs furthest
apart, fall at about frames 42 (hidden behind the tree), 60 (just past it), 78, 97, 115,
133, 151, 169 and 187 - an 18.1-frame rhythm. Inside the selected part, with her whole
body in view, there are **8** strikes, 60 ... 187: 7 steps in 127 frames = **99.2
steps/min** (+-3 for a hand count read to +-2 frames).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from backstride.gait import analyse_video

DATA = Path(__file__).resolve().parents[2] / "data" / "video" / "sports2d-demo-walk.mp4"
HAND_STRIKES = [60, 78, 97, 115, 133, 151, 169, 187]
HAND_CADENCE_SPM = 60 * 30 * 7 / (187 - 60)
START_S, END_S = 1.0, 6.8
CROP = (0.0, 0.48, 1.0, 1.0)


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return analyse_video(DATA, crop=CROP, start_s=START_S, end_s=END_S)


@pytest.mark.slow
def test_steps_match_the_hand_count(result) -> None:  # type: ignore[no-untyped-def]
    first = round(START_S * 30)
    ours = [c.ic + first for c in result.contacts if c.valid]
    assert len(ours) == len(HAND_STRIKES)
    for hand, found in zip(HAND_STRIKES, ours, strict=True):
        assert abs(hand - found) <= 3
    assert result.direction == -1  # she walks to the left
    sides = [c.side for c in result.contacts if c.valid]
    assert all(a != b for a, b in itertools.pairwise(sides))


@pytest.mark.slow
def test_cadence_matches_the_hand_count(result) -> None:  # type: ignore[no-untyped-def]
    valid = [c for c in result.contacts if c.valid]
    span = valid[-1].ic_frames - valid[0].ic_frames
    event_cadence = 60 * result.fps * (len(valid) - 1) / span
    assert event_cadence == pytest.approx(HAND_CADENCE_SPM, abs=3)
    assert result.cadence_spectral_spm == pytest.approx(HAND_CADENCE_SPM, abs=3)


@pytest.mark.slow
def test_too_few_steps_for_metrics_and_the_gate_says_so(result) -> None:  # type: ignore[no-untyped-def]
    document = result.as_json()
    assert document["steps"]["left"] + document["steps"]["right"] == len(HAND_STRIKES)
    # fewer than 6 per side: no metric is invented
    assert all(m["median"] is None for m in document["metrics"].values())
    text = " ".join(document["warnings"])
    assert "usable steps" in text
    assert "frames/s" in text


@pytest.mark.slow
def test_deterministic_across_runs(result) -> None:  # type: ignore[no-untyped-def]
    again = analyse_video(DATA, crop=CROP, start_s=START_S, end_s=END_S, threaded=False)
    assert again.as_json() == result.as_json()
    assert [(c.side, c.ic, c.to) for c in again.contacts] == [
        (c.side, c.ic, c.to) for c in result.contacts
    ]


def test_the_clip_is_the_one_listed_with_its_licence() -> None:
    import csv
    import hashlib

    with (DATA.parent / "MANIFEST.tsv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert [row["file"] for row in rows] == [DATA.name]
    assert hashlib.sha256(DATA.read_bytes()).hexdigest() == rows[0]["sha256"]
    assert rows[0]["licence"].startswith("BSD-3-Clause")
    assert (DATA.parents[1] / "licences" / "sports2d-BSD-3-Clause.txt").is_file()


@pytest.mark.slow
def test_overlay_is_a_playable_video_with_every_frame(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import cv2

    from backstride.gait.overlay import write_overlay
    from backstride.gait.video import probe

    written = write_overlay(result, probe(DATA), tmp_path / "annotated.mp4")
    # H.264 mp4 where OpenCV can encode it, else VP8 webm: both play in Chromium
    assert (written.suffix, result.extra["overlay_codec"]) in {(".mp4", "avc1"), (".webm", "VP80")}
    capture = cv2.VideoCapture(str(written))
    count = 0
    while capture.read()[0]:
        count += 1
    capture.release()
    assert count == result.frames


@pytest.mark.slow
def test_a_rear_view_overlay_shows_the_hip_line_instead_of_side_angles(  # type: ignore[no-untyped-def]
    result, tmp_path: Path
) -> None:
    import dataclasses

    import cv2

    from backstride.gait.overlay import write_overlay
    from backstride.gait.video import probe

    rear = dataclasses.replace(result, view="rear", extra=dict(result.extra))
    side_file = write_overlay(result, probe(DATA), tmp_path / "side.webm")
    rear_file = write_overlay(rear, probe(DATA), tmp_path / "rear.webm")
    frames = []
    for path in (side_file, rear_file):
        capture = cv2.VideoCapture(str(path))
        capture.set(cv2.CAP_PROP_POS_FRAMES, result.frames // 2)  # mid-clip: the walker is seen
        ok, image = capture.read()
        capture.release()
        assert ok
        frames.append(image.astype(int))
    # Same skeleton, different text panel: the frames differ only in the top-left corner.
    # (VP8 is lossy, so a few pixels elsewhere differ a little too.)
    difference = abs(frames[0] - frames[1]).sum(axis=2) > 150
    panel = difference[:120, :320].sum()
    elsewhere = difference.sum() - panel
    assert panel > 300, "the text panel should change"
    assert elsewhere < panel / 5, (panel, elsewhere)


@pytest.mark.slow
def test_analyse_video_draws_the_overlay_from_the_frames_it_kept(tmp_path: Path) -> None:
    import cv2

    from backstride.gait import analyse_video

    result = analyse_video(DATA, crop=CROP, overlay_path=tmp_path / "annotated.webm")
    assert result.overlay_path is not None
    capture = cv2.VideoCapture(str(result.overlay_path))
    count = 0
    while capture.read()[0]:
        count += 1
    capture.release()
    assert count == result.frames
