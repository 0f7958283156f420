"""Gait sessions built in code: a synthetic runner (known truth, tests/core/gait/synthetic.py)
analysed by the real core, stored by the real service — no video decoding, so it is fast.
The real clip runs end to end in test_job.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from backstride.gait import analyse_landmarks
from backstride_web.accounts.models import User
from backstride_web.gait import services
from backstride_web.gait.models import GaitSession
from tests.core.gait.synthetic import HEIGHT, WIDTH, Runner

VIDEO = Path(__file__).resolve().parents[2] / "data" / "video" / "sports2d-demo-walk.mp4"
# The walker in the real clip: the part of the frame and of the clip she is alone in
# (tests/core/gait/test_real_clip.py explains the choice).
CROP_TEXT, START_S, END_S = "0, 48, 100, 100", 1.0, 6.8


def done_session(
    runner: User, folder: Path, *, label: str = "", overlay: bytes | None = None, **truth: Any
) -> GaitSession:
    """A finished side-view session of a synthetic runner (``truth``: Runner fields)."""
    result = analyse_landmarks(Runner(**truth).landmarks(), fps=30.0, width=WIDTH, height=HEIGHT)
    session = GaitSession(runner=runner, label=label, original_name="treadmill.mp4")
    session.video.save("original.mp4", ContentFile(b"not decoded in these tests"), save=False)
    session.save()
    folder.mkdir(parents=True, exist_ok=True)
    services.save_result(session, result, folder=folder)
    if overlay is not None:
        session.overlay.save("annotated.webm", ContentFile(overlay))
    return session


@pytest.fixture
def session(runner: User, tmp_path: Path) -> GaitSession:
    return done_session(runner, tmp_path / "a", overlay=bytes(range(256)) * 40)
