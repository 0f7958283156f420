"""A runner's full data export (right of access and portability): one zip file.

The zip holds ``data.json`` (every section), ``originals/`` (the files the runner
uploaded), ``report.html`` (the clinician report over the whole history) and
``README.txt``. Each app adds the JSON section it owns with :func:`export_section` and the
files it keeps with :func:`export_files`, so the export grows with the product and
nothing a user stored is left out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.forms.models import model_to_dict

from backstride_web.accounts.files import row_files
from backstride_web.accounts.models import CareGrant, ClinicianNote, RunnerProfile, User
from backstride_web.jobs.models import Job
from backstride_web.jobs.registry import Progress, job_kind

if TYPE_CHECKING:
    from backstride_web.report.sections import ReportPeriod

FORMAT = "backstride-export"
FORMAT_VERSION = 2
COPY_CHUNK = 1024 * 1024

Section = Callable[[User], Any]
SECTIONS: dict[str, Section] = {}


def export_section(name: str) -> Callable[[Section], Section]:
    def register(function: Section) -> Section:
        SECTIONS[name] = function
        return function

    return register


ExportSource = Path | bytes | str
"""A file for the zip: a local path, the bytes themselves, or a name in the default storage."""
FileHook = Callable[[User], Iterable[tuple[str, ExportSource]]]
FILE_HOOKS: dict[str, FileHook] = {}


FILE_DESCRIPTIONS: dict[str, str] = {}


def export_files(folder: str, *, description: str) -> Callable[[FileHook], FileHook]:
    """Register the files an app keeps for a runner: the hook yields ``(name, source)``
    pairs and each lands in the zip as ``<folder>/<name>``, copied in chunks.
    ``description`` tells the runner what the folder holds (in the zip's README.txt).

    ``@export_files("originals", description=...)`` for the uploaded activity files.
    """
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", folder):
        raise ValueError(f"export folder {folder!r} is not a plain lower-case name")

    def register(hook: FileHook) -> FileHook:
        FILE_HOOKS[folder] = hook
        FILE_DESCRIPTIONS[folder] = description
        return hook

    return register


@export_files(
    "files",
    description="Files kept with your records, such as gait videos, their annotated\n"
    "copies and CSV tables, one folder per part of backstride.",
)
def _row_files(user: User) -> Iterable[tuple[str, ExportSource]]:
    """Files kept with the runner's records through a ``FileField`` (gait videos and their
    CSVs, for instance), wherever the app stored them: ``files/<storage name>`` without the
    account id folder."""
    for name in sorted(set(row_files(user))):
        parts = PurePosixPath(name).parts
        if len(parts) > 2 and parts[1] == str(user.pk):
            parts = (parts[0], *parts[2:])
        if default_storage.exists(name):
            yield PurePosixPath(*parts).as_posix(), name


@export_section("account")
def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


@export_section("runner_profile")
def _profile(user: User) -> dict[str, Any] | None:
    profile = RunnerProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return model_to_dict(profile, exclude=["id", "user"])


@export_section("care_grants")
def _grants(user: User) -> list[dict[str, Any]]:
    grants = CareGrant.objects.filter(runner=user).select_related("clinician")
    return [
        {
            "clinician": grant.clinician.email,
            "scope": grant.scope,
            "created_at": grant.created_at.isoformat(),
            "revoked_at": grant.revoked_at.isoformat() if grant.revoked_at else None,
        }
        for grant in grants
    ]


@export_section("clinician_notes")
def _notes(user: User) -> list[dict[str, Any]]:
    return [
        {
            "entered_by": note.author_name,
            "entered_by_email": note.author.email if note.author else None,
            "created_at": note.created_at.isoformat(),
            "text": note.text,
        }
        for note in ClinicianNote.objects.filter(runner=user)
        .select_related("author")
        .order_by("created_at", "pk")
    ]


def build_export(user: User, *, now: datetime, progress: Progress | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": now.isoformat(),
    }
    for index, (name, section) in enumerate(SECTIONS.items()):
        if progress is not None:
            progress(60 * index / len(SECTIONS), f"Collecting {name.replace('_', ' ')}")
        document[name] = section(user)
    return document


REPORT_README = """\
report.html
    The clinician report over your whole history ({period}), to read in a
    browser, print or pass on. It explains and cites its sources; it does not
    diagnose.
"""
NO_REPORT_README = """\
There is no report.html: the report is about a runner's own data, and this is
a clinician's account.
"""

README = """\
Your backstride data, exported on {exported_at}
=================================================

data.json
    Everything backstride holds about {email}, as JSON (format "{format}",
    version {version}): your account and profile, who you shared your data with,
    notes your clinicians wrote, your runs (figures; the samples are under
    streams/), pain diary and morning check-ins, screens, questionnaires,
    self-tests, plan and weekly reviews, experiments and gait sessions. Each
    top-level key is one part; times are ISO 8601 in UTC.

{folders}
{report}
This export holds {files} files besides data.json ({json_bytes} bytes of JSON).
"""


def _report_period(user: User, now: datetime) -> ReportPeriod:
    from backstride_web.report.sections import ReportPeriod

    first: date = user.date_joined.date()
    activities = getattr(user, "activities", None)
    if activities is not None:
        earliest = activities.order_by("start_utc").values_list("start_utc", flat=True).first()
        if earliest is not None:
            first = min(first, earliest.date())
    return ReportPeriod(start=first, end=now.date())


def _render_report(user: User, now: datetime) -> tuple[str, str]:
    """The report over the whole history as HTML, and the period it covers."""
    from backstride_web.report.render import render_report_html

    period = _report_period(user, now)
    return render_report_html(user, period, now=now), f"{period.start} to {period.end}"


def _safe_member(folder: str, name: str) -> str:
    """``folder/name`` as a zip member name; refuses names that climb out or are absolute."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or not path.parts or ".." in path.parts:
        raise ValueError(f"export file name {name!r} of {folder!r} is not a plain relative path")
    return f"{folder}/{path.as_posix()}"


def _open_source(source: ExportSource) -> IO[bytes]:
    if isinstance(source, Path):
        return source.open("rb")
    if isinstance(source, str):
        return default_storage.open(source, "rb")
    raise TypeError(f"cannot open {type(source).__name__}")


def _add_file(archive: zipfile.ZipFile, member: str, source: ExportSource) -> int:
    """Copy one file into the zip in chunks (never whole in memory); its size."""
    if isinstance(source, bytes):
        archive.writestr(member, source)
        return len(source)
    info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    size = 0
    with _open_source(source) as handle, archive.open(info, "w", force_zip64=True) as out:
        while chunk := handle.read(COPY_CHUNK):
            out.write(chunk)
            size += len(chunk)
    return size


def _json_value(value: object) -> object:
    """Dates and times as ISO 8601, anything else JSON cannot hold (decimals) as text."""
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    return str(value)


def write_export_zip(
    user: User, target: IO[bytes], *, now: datetime, progress: Progress | None = None
) -> dict[str, Any]:
    """Write the whole export of ``user`` as a zip into ``target``; what it holds."""
    document = build_export(user, now=now, progress=progress)
    payload = json.dumps(document, indent=2, default=_json_value, sort_keys=False).encode()
    counts: dict[str, int] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", payload)
        for index, (folder, hook) in enumerate(FILE_HOOKS.items()):
            share = 60 + 25 * index / len(FILE_HOOKS)
            if progress is not None:
                progress(share, f"Adding {folder} files")
            counts[folder] = 0
            for name, source in hook(user):
                _add_file(archive, _safe_member(folder, name), source)
                counts[folder] += 1
                if progress is not None and counts[folder] % 100 == 0:
                    progress(share, f"Adding {folder} files: {counts[folder]}")
        if user.is_runner:
            if progress is not None:
                progress(88, "Writing the report")
            report, period = _render_report(user, now)
            archive.writestr("report.html", report)
            report_readme = REPORT_README.format(period=period)
        else:
            report_readme = NO_REPORT_README
        folders = "".join(
            f"{folder}/\n    {FILE_DESCRIPTIONS[folder].replace(chr(10), chr(10) + '    ')}\n\n"
            for folder in sorted(FILE_HOOKS)
        )
        archive.writestr(
            "README.txt",
            README.format(
                exported_at=now.isoformat(timespec="seconds"),
                email=user.email,
                format=FORMAT,
                version=FORMAT_VERSION,
                folders=folders,
                report=report_readme,
                files=sum(counts.values()),
                json_bytes=len(payload),
            ),
        )
    return {"files": counts, "json_bytes": len(payload)}


def save_atomically(name: str, write: Callable[[IO[bytes]], Any]) -> tuple[str, Any]:
    """Let ``write`` fill a private temporary file, then put it at ``name`` in the
    default storage at once: a rename on a local folder (a reader never sees half a file,
    two writers never share one), an upload of the finished file on S3. Returns the
    stored name and what ``write`` returned."""
    local = isinstance(default_storage, FileSystemStorage)
    folder = Path(default_storage.path(name)).parent if local else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=folder, prefix=Path(name).name, suffix=".partial")
    try:
        with os.fdopen(fd, "w+b") as handle:
            outcome = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
            if not local:
                handle.seek(0)
                name = default_storage.save(name, File(handle, name=Path(name).name))
        if local:
            os.replace(partial, default_storage.path(name))
    finally:
        Path(partial).unlink(missing_ok=True)
    return name, outcome


def export_name(user: User, now: datetime, suffix: str) -> str:
    return f"exports/{user.pk}/backstride-export-{now:%Y%m%d-%H%M%S}-{suffix}.zip"


@job_kind("export_account", label="Export of all my data")
def export_account(job: Job, progress: Progress) -> dict[str, Any]:
    started = job.started_at
    assert started is not None
    name, outcome = save_atomically(
        export_name(job.owner, started, job.pk.hex[:8]),
        lambda handle: write_export_zip(job.owner, handle, now=started, progress=progress),
    )
    size = default_storage.size(name)
    return {"file": name, "bytes": size, **outcome}


def copy_export(name: str, out: Path) -> None:
    """Copy a stored export to a local file (the CLI's ``--out``)."""
    with default_storage.open(name, "rb") as source, out.open("wb") as target:
        shutil.copyfileobj(source, target, COPY_CHUNK)
