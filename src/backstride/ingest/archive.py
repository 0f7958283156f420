"""Archives: gzip files, Strava bulk exports, Garmin Connect exports (zips in zips).

Nothing is ever extracted to disk: members are read into memory one at a time, through
the limits in :class:`~backstride.ingest.limits.ImportLimits`. A zip's declared sizes are
checked before reading anything (cheap rejection of obvious bombs) and the bytes actually
read are counted as well (declared sizes can lie). Member names that could escape a
folder (absolute paths, ``..``, drive letters) are rejected even though we never write
them, because such a name marks a hostile archive.

Strava's export lists its activities in ``activities.csv``; we read the ``Activity Type``
of each file from it so that GPX files without a sport still come in as runs.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from backstride.errors import CorruptFileError, InputError, LimitExceededError
from backstride.ingest.limits import ImportLimits

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".zip")
"""Archive members we open; others (CSV, JSON, photos) are ignored."""

STRAVA_SPORTS = {
    "run": "running",
    "trail run": "running",
    "virtual run": "running",
    "walk": "walking",
    "hike": "hiking",
    "ride": "cycling",
    "virtual ride": "cycling",
    "mountain bike ride": "cycling",
    "gravel ride": "cycling",
    "e-bike ride": "e_biking",
    "swim": "swimming",
}
"""Strava ``Activity Type`` values (English exports) mapped to our sport names."""

_CHUNK_BYTES = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class Budget:
    """What one top-level input has used so far, nested archives included."""

    files: int = 0
    declared_bytes: int = 0
    read_bytes: int = 0


@dataclass(frozen=True, slots=True)
class Member:
    """One archive member to import: its bytes, or why it was refused."""

    name: str
    data: bytes = b""
    error: InputError | None = None
    sport_hint: str | None = None


def unsafe_name(name: str) -> bool:
    """True for member names that would escape the folder they are extracted into."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or _DRIVE.match(normal):
        return True
    return ".." in normal.split("/")


def _read_capped(stream: IO[bytes], cap: int, *, source: str, what: str) -> bytes:
    """Read at most ``cap`` bytes; raise LimitExceededError when there are more."""
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK_BYTES, cap + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
        if size > cap:
            raise LimitExceededError(
                f"{what} is larger than the limit of {cap:,} bytes", source=source
            )


def gunzip(data: bytes, *, source: str, limits: ImportLimits) -> bytes:
    """Decompress a gzip file, refusing output beyond ``limits.max_file_bytes``."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return _read_capped(
                stream,  # type: ignore[arg-type]  # GzipFile is a binary stream
                limits.max_file_bytes,
                source=source,
                what="the decompressed file",
            )
    except (OSError, EOFError, zlib.error) as exc:
        raise CorruptFileError(f"broken gzip data: {exc}", source=source) from None


def _strava_hints(archive: zipfile.ZipFile, *, limits: ImportLimits) -> dict[str, str]:
    """Member name -> sport, from a Strava export's ``activities.csv`` (empty if none)."""
    try:
        info = archive.getinfo("activities.csv")
    except KeyError:
        return {}
    if info.file_size > limits.max_file_bytes:
        return {}
    try:
        text = archive.read(info).decode("utf-8-sig", "replace")
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError, zlib.error):
        return {}  # only hints: the members themselves will report the damage
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2:
        return {}
    header = [h.strip().lower() for h in rows[0]]
    name_col = header.index("filename") if "filename" in header else None
    if name_col is None:  # localised header: find the column holding activities/... paths
        for i, value in enumerate(rows[1]):
            if value.startswith("activities/"):
                name_col = i
                break
    type_col = header.index("activity type") if "activity type" in header else None
    if name_col is None or type_col is None:
        return {}
    hints = {}
    for row in rows[1:]:
        if len(row) > max(name_col, type_col) and row[name_col]:
            sport = STRAVA_SPORTS.get(row[type_col].strip().lower())
            if sport:
                hints[row[name_col].strip()] = sport
    return hints


def iter_zip(
    file: IO[bytes], *, source: str, limits: ImportLimits, budget: Budget
) -> Iterator[Member]:
    """The activity members of a zip, read through the limits.

    Raises LimitExceededError (for the whole archive) when the file count or total size
    goes over a limit, CorruptFileError when the zip itself is unreadable. Problems with one
    member are yielded as a Member with ``error`` set, and the rest continue.
    """
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFileError(f"broken zip archive: {exc}", source=source) from None
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        budget.files += len(infos)
        if budget.files > limits.max_files:
            raise LimitExceededError(
                f"archive holds more than {limits.max_files:,} files (limit)", source=source
            )
        budget.declared_bytes += sum(info.file_size for info in infos)
        if budget.declared_bytes > limits.max_total_uncompressed_bytes:
            raise LimitExceededError(
                f"archive would decompress to {budget.declared_bytes:,} bytes, over the limit "
                f"of {limits.max_total_uncompressed_bytes:,}",
                source=source,
            )
        hints = _strava_hints(archive, limits=limits)
        for info in infos:
            name = info.filename
            if unsafe_name(name):
                yield Member(name, error=CorruptFileError(f"unsafe path {name!r} in archive"))
                continue
            if not name.lower().endswith(ACTIVITY_SUFFIXES):
                continue
            cap = (
                limits.max_archive_bytes if name.lower().endswith(".zip") else limits.max_file_bytes
            )
            if info.file_size > cap:
                yield Member(
                    name,
                    error=LimitExceededError(
                        f"{info.file_size:,} bytes, over the limit of {cap:,}"
                    ),
                )
                continue
            try:
                with archive.open(info) as stream:
                    data = _read_capped(stream, cap, source=name, what="the file")
            except LimitExceededError as exc:
                yield Member(name, error=exc)
                continue
            except (
                zipfile.BadZipFile,
                OSError,
                RuntimeError,
                EOFError,
                ValueError,  # e.g. "negative seek value" from a damaged local header offset
                zlib.error,
            ) as exc:
                yield Member(name, error=CorruptFileError(f"cannot be read from the zip: {exc}"))
                continue
            budget.read_bytes += len(data)
            if budget.read_bytes > limits.max_total_uncompressed_bytes:
                raise LimitExceededError(
                    f"archive decompressed to more than "
                    f"{limits.max_total_uncompressed_bytes:,} bytes (limit); stopped",
                    source=source,
                )
            yield Member(name, data, sport_hint=hints.get(name))
