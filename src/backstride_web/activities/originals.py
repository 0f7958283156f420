"""The original files a runner uploaded, kept for their data export.

After an import job stores at least one activity from an uploaded file, that file (a
``.fit``, ``.gpx``, ``.tcx`` or a whole ``.zip``) is moved from the upload staging folder to
``originals/<runner id>/<job id>/`` in the default storage (local or S3-compatible). The
export zip carries them under ``originals/``; deleting the account removes them.
Files imported from the command line (``backstride import``) are the runner's own files on
their own disk and are not copied.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from backstride_web.accounts.export import ExportSource, export_files
from backstride_web.accounts.files import walk
from backstride_web.accounts.models import User

PREFIX = "originals/{user_id}"


def keep_originals(owner_id: int, job_id: object, uploads: Iterable[tuple[Path, str]]) -> list[str]:
    """Copy each ``(path, shown name)`` into the runner's originals; the storage names."""
    kept = []
    for path, shown in uploads:
        name = f"{PREFIX.format(user_id=owner_id)}/{job_id}/{Path(shown).name or path.name}"
        with path.open("rb") as handle:
            kept.append(default_storage.save(name, File(handle, name=path.name)))
    return kept


@export_files(
    "originals",
    description="The files you uploaded (.fit, .gpx, .tcx or .zip) that gave at least one\n"
    "activity, byte for byte, in one folder per upload. Import them into another\n"
    "tool, or into backstride again.",
)
def export_originals(user: User) -> Iterator[tuple[str, ExportSource]]:
    """Every kept original, as ``<job id>/<file name>``."""
    prefix = PREFIX.format(user_id=user.pk)
    for name in walk(prefix):
        yield name.removeprefix(prefix + "/"), name
