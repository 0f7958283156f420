"""Import activity files for a runner: one transaction per file, duplicates recognised.

The core (``backstride.ingest``) turns files, folders and archives into one outcome per
file; here each good outcome becomes an ``Activity`` row plus its streams blob in a
single transaction, so a failure never leaves half an activity behind.
"""

from __future__ import annotations

import datetime
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from backstride.analysis.metrics import RunThresholds, analyse_run
from backstride.ingest import FileOutcome, ImportLimits, OutcomeStatus, read_path
from backstride.model import FOOT_SPORTS, Lap, Streams
from backstride.model import Activity as CoreActivity
from backstride.streams_io import pack_streams, unpack_streams
from backstride_web.activities.models import Activity, ActivityStreams

MIB = 1024 * 1024
DUPLICATE_START_WINDOW_S = 60.0
DUPLICATE_DURATION_TOLERANCE = 0.02


def import_limits() -> ImportLimits:
    """The core's import limits, from the settings (docs/settings.md)."""
    return ImportLimits(
        max_file_bytes=settings.IMPORT_MAX_FILE_MB * MIB,
        max_archive_bytes=settings.MAX_UPLOAD_MB * MIB,
        max_total_uncompressed_bytes=settings.IMPORT_MAX_TOTAL_MB * MIB,
        max_files=settings.IMPORT_MAX_FILES,
    )


@dataclass(frozen=True)
class FileResult:
    """What happened to one input file; ``as_json`` is the CLI's ``--json`` line."""

    file: str
    status: str  # imported | duplicate | failed | skipped
    activity_id: int | None = None
    sport: str | None = None
    start: str | None = None
    duration_s: float | None = None
    distance_m: float | None = None
    samples: int | None = None
    warning: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def find_duplicate(owner: Any, activity: CoreActivity) -> Activity | None:
    """The stored activity this one repeats: the same file, or the same outing from
    another file (start within 60 s and elapsed time within 2 %)."""
    window = datetime.timedelta(seconds=DUPLICATE_START_WINDOW_S)
    candidates = list(
        Activity.objects.filter(owner=owner)
        .filter(
            Q(source_sha256=activity.source_sha256)
            | Q(
                start_utc__gte=activity.start_utc - window,
                start_utc__lte=activity.start_utc + window,
            )
        )
        .only("pk", "elapsed_s", "start_utc", "source_sha256")
    )
    for candidate in candidates:
        if candidate.source_sha256 == activity.source_sha256:
            return candidate
    for candidate in candidates:
        longer = max(candidate.elapsed_s, activity.elapsed_s)
        if longer == 0 or abs(candidate.elapsed_s - activity.elapsed_s) <= (
            DUPLICATE_DURATION_TOLERANCE * longer
        ):
            return candidate
    return None


def _derived(activity: CoreActivity, thresholds: RunThresholds) -> dict[str, Any]:
    if activity.sport not in FOOT_SPORTS or len(activity.streams) < 2:
        return {}
    metrics = analyse_run(activity.streams, thresholds)
    longest = max((s.end_s - s.start_s for s in metrics.segments), default=None)
    return {
        "warmup_s": metrics.warmup_s,
        "longest_continuous_s": longest,
        "continuous_segments": len(metrics.segments),
        "walk_breaks": len(metrics.walk_breaks),
        "first_split_pace_s_per_km": metrics.first_split_pace_s_per_km,
        "rest_pace_s_per_km": metrics.rest_pace_s_per_km,
    }


def _laps(activity: CoreActivity) -> list[dict[str, Any]]:
    # Not dataclasses.asdict: it deep-copies every value, a tenth of the import time.
    names = [f.name for f in fields(Lap)]
    laps = []
    for lap in activity.laps:
        row = {name: getattr(lap, name) for name in names}
        row["start_utc"] = lap.start_utc.isoformat()
        laps.append(row)
    return laps


def _result(outcome: FileOutcome, status: str, row: Activity | None = None) -> FileResult:
    activity = outcome.activity
    return FileResult(
        file=outcome.name,
        status=status,
        activity_id=row.pk if row is not None else None,
        sport=activity.sport if activity else None,
        start=activity.start_utc.isoformat() if activity else None,
        duration_s=round(activity.elapsed_s, 1) if activity else None,
        distance_m=round(activity.distance_m, 1) if activity and activity.distance_m else None,
        samples=len(activity.streams) if activity else None,
        warning=outcome.message if status != "failed" and outcome.warnings else None,
        error=outcome.message if status in ("failed", "skipped") else None,
    )


@dataclass(frozen=True)
class Prepared:
    """A decoded file made ready to store: its row's fields and its streams blob.

    Building it needs no database, so :func:`import_paths` prepares the next files in a
    thread while the current one is written.
    """

    outcome: FileOutcome
    fields: dict[str, Any] | None = None
    blob: bytes = b""


def prepare(outcome: FileOutcome, thresholds: RunThresholds | None = None) -> Prepared:
    activity = outcome.activity
    if outcome.status is not OutcomeStatus.OK or activity is None:
        return Prepared(outcome)
    fields = {
        "sport": activity.sport,
        "sub_sport": activity.sub_sport or "",
        "start_utc": activity.start_utc,
        "local_utc_offset_s": activity.local_utc_offset_s,
        "elapsed_s": activity.elapsed_s,
        "moving_s": activity.moving_s,
        "timer_s": activity.timer_s,
        "distance_m": activity.distance_m,
        "ascent_m": activity.ascent_m,
        "avg_hr_bpm": activity.avg_hr_bpm,
        "max_hr_bpm": activity.max_hr_bpm,
        "avg_cadence_spm": activity.avg_cadence_spm,
        "avg_speed_mps": activity.avg_speed_mps,
        "device": (activity.device or "")[:120],
        "laps": _laps(activity),
        "samples": len(activity.streams),
        "source_name": outcome.name[-500:],
        "source_format": activity.source_format,
        "source_sha256": activity.source_sha256,
        "warnings": list(outcome.warnings),
        **_derived(activity, thresholds or RunThresholds()),
    }
    return Prepared(outcome, fields, pack_streams(activity.streams))


def store(owner: Any, prepared: Prepared) -> FileResult:
    """Persist one prepared file (or report why not), in one transaction."""
    outcome = prepared.outcome
    activity = outcome.activity
    if prepared.fields is None or activity is None:
        status = "skipped" if outcome.status is OutcomeStatus.SKIPPED else "failed"
        return _result(outcome, status)
    existing = find_duplicate(owner, activity)
    if existing is not None:
        return _result(outcome, "duplicate", existing)
    try:
        with transaction.atomic():
            row = Activity.objects.create(owner=owner, **prepared.fields)
            ActivityStreams.objects.create(activity=row, data=prepared.blob)
    except IntegrityError:
        # Another worker stored the same file between our check and our insert.
        existing = find_duplicate(owner, activity)
        if existing is None:
            raise
        return _result(outcome, "duplicate", existing)
    return _result(outcome, "imported", row)


def save_outcome(
    owner: Any, outcome: FileOutcome, thresholds: RunThresholds | None = None
) -> FileResult:
    """Persist one decoded file (or report why not), in one transaction."""
    return store(owner, prepare(outcome, thresholds))


_DONE = object()


def _prepared(
    paths: Iterable[Path], limits: ImportLimits, names: Mapping[Path, str]
) -> Iterator[Prepared]:
    for path in paths:
        shown = names.get(path)
        for outcome in read_path(path, limits):
            if shown is not None and outcome.name.startswith(str(path)):
                outcome = replace(outcome, name=shown + outcome.name[len(str(path)) :])
            yield prepare(outcome)


def import_paths(
    owner: Any,
    paths: Iterable[Path],
    *,
    limits: ImportLimits | None = None,
    names: Mapping[Path, str] | None = None,
    read_ahead: int = 8,
) -> Iterator[FileResult]:
    """Import files, folders and archives; yield one result per file as it is stored.

    ``names`` gives the name to show for a path (an upload's original file name rather
    than where the server keeps it); members of archives keep their ``!inner/path``.
    Decoding and packing run in a thread up to ``read_ahead`` files ahead of the
    database writes (zlib and SQLite release the GIL, so both cores work); the queue
    bound keeps memory flat whatever the archive's size.
    """
    chosen = limits or import_limits()
    ahead: queue.Queue[object] = queue.Queue(maxsize=read_ahead)
    stop = threading.Event()

    def offer(item: object) -> bool:
        """Queue ``item`` unless the consumer has gone; False once it has."""
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in _prepared(paths, chosen, names or {}):
                if not offer(item):
                    return
        except BaseException as exc:  # handed to the consumer, which re-raises it
            offer(exc)
            return
        offer(_DONE)

    producer = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    producer.start()
    try:
        while (item := ahead.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, Prepared)
            yield store(owner, item)
    finally:
        stop.set()
        producer.join()


def load_streams(activity: Activity) -> Streams:
    """The activity's samples as numpy arrays."""
    return unpack_streams(bytes(ActivityStreams.objects.get(activity=activity).data))
