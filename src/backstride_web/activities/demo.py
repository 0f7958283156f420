"""The demo runner's watch history: real FIT files, imported through the normal path."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from django.conf import settings

from backstride.fit_write import encode_activity
from backstride.simulate import SimulatedRun, reference_history
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.activities.services import import_paths


def build_demo_runs(runner: User, *, today: datetime.date) -> list[tuple[Activity, SimulatedRun]]:
    """Replace the runner's activities with twelve weeks of simulated runs, written as FIT
    files and imported; return each stored activity with the simulation behind it."""
    folder = Path(settings.HOME) / "demo-files"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    history = reference_history(today=today)
    paths = []
    for run in history:
        path = folder / f"{run.activity.start_utc:%Y-%m-%d-%H%M}-running.fit"
        path.write_bytes(encode_activity(run.activity))
        paths.append(path)
    Activity.objects.filter(owner=runner).delete()
    results = list(import_paths(runner, paths))
    failed = [r for r in results if r.status != "imported"]
    if failed:
        raise RuntimeError(f"demo files did not import: {failed[:3]}")
    stored = Activity.objects.in_bulk([r.activity_id for r in results])
    return [
        (stored[r.activity_id], run)
        for r, run in zip(results, history, strict=True)
        if r.activity_id is not None
    ]
