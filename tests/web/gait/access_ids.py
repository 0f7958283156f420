"""One gait session owned by the runner, for tests/web/test_access_control.py."""

from __future__ import annotations

from typing import Any

from backstride_web.accounts.models import User
from backstride_web.gait.models import GaitSession, GaitStatus


def owned_ids(runner: User) -> dict[str, Any]:
    # A row that names its files without writing them: the walk runs once per route.
    session = GaitSession.objects.create(
        runner=runner,
        original_name="run.mp4",
        video=f"gait/{runner.pk}/access/original.mp4",
        overlay=f"gait/{runner.pk}/access/annotated.webm",
        steps_csv=f"gait/{runner.pk}/access/steps.csv",
        frames_csv=f"gait/{runner.pk}/access/frames.csv",
        status=GaitStatus.DONE,
        summary={"metrics": {}},
    )
    return {"session_id": session.pk}
