"""The background job that imports uploaded activity files."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings

from backstride_web.activities.originals import keep_originals
from backstride_web.activities.services import import_paths
from backstride_web.jobs.models import Job
from backstride_web.jobs.registry import Progress, job_kind

MAX_LISTED_FILES = 5000


def upload_folder(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(job.owner.pk) / str(job.pk)


def _expected_files(paths: list[Path]) -> int:
    """A cheap estimate of how many outcomes an import will yield, for the progress bar."""
    total = 0
    for path in paths:
        if zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as archive:
                    total += sum(1 for info in archive.infolist() if not info.is_dir())
            except (zipfile.BadZipFile, OSError):
                total += 1
        else:
            total += 1
    return max(total, 1)


@job_kind(
    "import_activities",
    label="Import of activity files",
    result_template="activities/_import_result.html",
)
def import_activities(job: Job, progress: Progress) -> dict[str, Any]:
    """Import the files uploaded for this job; the uploads are kept until it succeeds,
    so a failed job can be retried."""
    folder = upload_folder(job)
    paths = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if not paths:
        raise FileNotFoundError(f"the uploaded files of this job are gone ({folder})")
    expected = _expected_files(paths)
    counts: Counter[str] = Counter()
    listed: list[dict[str, Any]] = []
    # Uploads are stored as "0007-original_name.fit"; show the original name.
    names = {path: path.name.split("-", 1)[-1] for path in paths}
    imported_from: set[str] = set()
    for done, result in enumerate(import_paths(job.owner, paths, names=names), start=1):
        counts[result.status] += 1
        if result.status == "imported":
            # A member of an archive is named "archive.zip!inner/run.fit".
            imported_from.update((result.file, result.file.split("!", 1)[0]))
        if len(listed) < MAX_LISTED_FILES:
            listed.append(result.as_json())
        if done % 10 == 0 or done == expected:
            name = Path(result.file.rsplit("!", 1)[-1]).name
            progress(100 * min(done, expected) / expected, f"{done} files read, last: {name}")
    # The uploads that gave at least one activity are kept for the runner's data export.
    keep_originals(
        job.owner.pk, job.pk, [(p, names[p]) for p in paths if names[p] in imported_from]
    )
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "counts": dict(counts),
        "files": listed,
        "listed_all": sum(counts.values()) <= MAX_LISTED_FILES,
    }
