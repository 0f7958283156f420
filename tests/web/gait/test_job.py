"""The ``gait_analysis`` job end to end: upload through the form, run the job the way a
worker does, read the results page. The real clip (tests/data/video, a walker filmed
side-on) and bad files written in the test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.gait.models import GaitMetric, GaitSession, GaitStatus
from backstride_web.jobs import services as jobs
from backstride_web.jobs.models import JobStatus
from tests.core.gait.clips import write_clip
from tests.web.gait.conftest import CROP_TEXT, END_S, START_S, VIDEO


def _upload_and_run(
    client: Any, name: str, content: bytes, **fields: Any
) -> tuple[GaitSession, Any]:
    data = {"view": "side", "video": SimpleUploadedFile(name, content), **fields}
    response = client.post(reverse("gait:upload"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = GaitSession.objects.latest("pk")
    assert session.job_id is not None
    # No heartbeat thread: on SQLite it would wait for this test's open transaction.
    job = jobs.execute(session.job_id, heartbeat_s=3600)
    session.refresh_from_db()
    return session, job


@pytest.mark.slow
def test_the_real_clip_end_to_end(
    runner: User, clinician: User, client_for: Callable[..., Any]
) -> None:
    client = client_for(runner)
    session, job = _upload_and_run(
        client,
        "walk.mp4",
        VIDEO.read_bytes(),
        label="before",
        start_s=str(START_S),
        end_s=str(END_S),
        crop=CROP_TEXT,
    )
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.progress == 100
    assert job.result == {"session_id": session.pk, "steps": {"left": 4, "right": 4}, "warnings": 4}
    assert session.status == GaitStatus.DONE
    # Hand count (tests/core/gait/test_real_clip.py): 8 heel strikes in the selected part.
    assert (session.steps_left, session.steps_right) == (4, 4)
    assert session.fps == 30.0
    assert session.frames == 174
    # Fewer than 6 steps per side: every metric is stored as unavailable, none invented.
    metrics = GaitMetric.objects.filter(session=session)
    assert metrics.count() == 12
    assert all(m.median is None and m.quality == "unavailable" for m in metrics)
    assert "need at least 6 per side" in metrics.get(name="cadence").reason
    assert {w["code"] for w in session.warnings} >= {"too_few_steps", "low_fps"}
    assert session.summary["cadence_spectral_spm"] == pytest.approx(99.2, abs=3)
    for stored in (session.overlay, session.steps_csv, session.frames_csv):
        assert default_storage.exists(stored.name)
    assert session.overlay.name.endswith(".webm")

    page = client.get(reverse("gait:detail", kwargs={"session_id": session.pk})).content
    text = page.decode()
    assert "<video" in text
    assert "4</strong> left and <strong>4</strong> right" in text
    assert "usable steps" in text  # the gate's message
    assert "Film at least 15–20 s of steady running" in text  # and its advice
    assert text.count('<svg class="chart gait-cycle"') == 3  # 3 strides per foot are drawn
    video_url = reverse("gait:overlay", kwargs={"session_id": session.pk})
    head = client.get(video_url, HTTP_RANGE="bytes=0-3")
    assert head.status_code == 206
    assert b"".join(head.streaming_content) == b"\x1a\x45\xdf\xa3"  # a WebM (EBML) file
    job_page = client.get(reverse("jobs:detail", kwargs={"job_id": job.pk})).content.decode()
    assert reverse("gait:detail", kwargs={"session_id": session.pk}) in job_page
    seen = client_for(clinician).get(video_url, {"runner": runner.pk}, HTTP_RANGE="bytes=0-3")
    assert seen.status_code == 206


def _still_png() -> bytes:
    import cv2
    import numpy as np

    ok, encoded = cv2.imencode(".png", np.full((48, 64, 3), 200, dtype=np.uint8))
    assert ok
    return bytes(encoded.tobytes())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not a video", "walk.mp4: this is not a video we can read"),
        ("still image", "walk.mp4: this is a still PNG image, not a video"),
        ("corrupt", "walk.mp4: "),
        ("nobody in it", "nobody was found in this video"),
        ("too short", "the clip is 2.0 s long; film at least 3 s"),
        ("too long", "the limit is 180 s"),
        ("slow motion below the file's rate", "filmed_fps: filmed at 20 frames/s is below"),
    ],
)
def test_bad_videos_fail_with_a_clear_error_and_no_numbers(
    runner: User, client_for: Callable[..., Any], tmp_path: Path, case: str, message: str
) -> None:
    fields: dict[str, str] = {}
    if case == "not a video":
        content = b"This is a text file someone renamed.\n" * 100
    elif case == "still image":
        content = _still_png()
    elif case == "corrupt":
        content = VIDEO.read_bytes()[:200_000]  # an upload cut short
    elif case == "nobody in it":
        content = write_clip(tmp_path / "empty.mp4", seconds=3.5).read_bytes()
    elif case == "too short":
        content = write_clip(tmp_path / "short.mp4", seconds=2.0).read_bytes()
    elif case == "too long":
        content = write_clip(tmp_path / "long.mp4", seconds=181, fps=15, size=(64, 48)).read_bytes()
    else:
        content = VIDEO.read_bytes()
        fields = {"filmed_fps": "20"}
    session, job = _upload_and_run(client_for(runner), "walk.mp4", content, **fields)
    assert job.status == JobStatus.FAILED
    assert message in job.error
    assert job.error.startswith(("walk.mp4: ", "filmed_fps: ")), job.error
    assert session.status == GaitStatus.FAILED
    assert session.error == job.error
    assert not GaitMetric.objects.filter(session=session).exists()
    assert session.summary == {}
    assert not session.overlay
    page = client_for(runner).get(reverse("gait:detail", kwargs={"session_id": session.pk}))
    assert message in page.content.decode()
