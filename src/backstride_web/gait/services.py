"""Gait sessions: upload, analyse (the ``gait_analysis`` job), read back, compare.

Data flows one way: the uploaded video → :func:`backstride.gait.analyse_video` (the core)
→ :func:`save_result` stores the core's numbers and files → views, the report, the export
and the Explain case read them. Nothing here measures anything itself.
"""

from __future__ import annotations

import datetime
import json
import logging
import math
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from backstride.errors import InputError
from backstride.gait import GaitResult, analyse_video
from backstride.gait.overlay import write_overlay
from backstride.gait.video import probe
from backstride.reason.case import GaitMetrics
from backstride_web.accounts.models import User
from backstride_web.gait.cycles import gait_cycles
from backstride_web.gait.models import GaitMetric, GaitSession, GaitStatus, GaitView
from backstride_web.jobs import services as jobs
from backstride_web.jobs.models import JobStatus
from backstride_web.jobs.registry import Progress

logger = logging.getLogger(__name__)

JOB_KIND: Final = "gait_analysis"
VIDEO_SUFFIXES: Final = (".mp4", ".mov", ".avi", ".webm")

LABELS: Final[dict[str, str]] = {
    "cadence": "Cadence",
    "contact_time": "Ground-contact time",
    "duty_factor": "Duty factor",
    "foot_strike_angle": "Foot-strike angle",
    "rearfoot_strike_share": "Rearfoot strikes",
    "overstride": "Overstride",
    "shank_angle_ic": "Shank angle at contact",
    "knee_flexion_ic": "Knee flexion at contact",
    "knee_flexion_midstance": "Knee flexion, mid-stance",
    "hip_extension_peak": "Peak hip extension",
    "trunk_lean": "Trunk forward lean",
    "vertical_oscillation": "Vertical oscillation",
    # rear view
    "pelvic_drop": "Pelvic drop",
    "step_width": "Step width",
    "crossover_share": "Crossover steps",
    "lateral_sway": "Sideways sway",
}

#: Explain's case fields (backstride.reason.case.GAIT_FIELDS) ← our metric, per view.
#: Peak hip extension in late stance stands for hip extension at toe-off; anterior pelvic
#: tilt is not measured; pelvic drop comes from the latest rear-view session.
CASE_FIELDS: Final[dict[str, tuple[str, str]]] = {
    "trunk_lean_deg": ("side", "trunk_lean"),
    "hip_extension_toe_off_deg": ("side", "hip_extension_peak"),
    "shank_angle_contact_deg": ("side", "shank_angle_ic"),
    "pelvic_drop_deg": ("rear", "pelvic_drop"),
}

# Share of the job's progress bar given to the pose pass; the overlay and saving follow.
_POSE_SHARE: Final = 75.0


def stored_name(session: GaitSession, filename: str) -> str:
    return f"gait/{session.runner_id}/{session.folder}/{filename}"


@transaction.atomic
def create_session(
    runner: User,
    upload: UploadedFile[Any],
    *,
    view: str = GaitView.SIDE,
    label: str = "",
    filmed_fps: float | None = None,
    start_s: float = 0.0,
    end_s: float | None = None,
    crop: tuple[float, float, float, float] | None = None,
    enqueue: bool = True,
) -> GaitSession:
    """Store the uploaded video and queue its analysis; the session starts ``queued``."""
    name = upload.name or "video.mp4"
    suffix = Path(name).suffix.lower()
    suffix = suffix if suffix in VIDEO_SUFFIXES else ".video"  # the core sniffs the content
    session = GaitSession(
        runner=runner,
        view=view,
        label=label.strip(),
        filmed_fps=filmed_fps,
        start_s=start_s,
        end_s=end_s,
        crop=list(crop) if crop is not None else None,
        original_name=Path(name.replace("\\", "/")).name[:255],
    )
    session.video.save(f"original{suffix}", upload, save=False)
    try:
        session.save()
        job = jobs.submit(runner, JOB_KIND, {"session_id": session.pk}, enqueue=enqueue)
        session.job = job
        session.save(update_fields=["job"])
    except BaseException:
        if session.video.name:
            default_storage.delete(session.video.name)
        raise
    return session


@contextmanager
def local_path(name: str) -> Iterator[Path]:
    """A local file for a stored name: the file itself on a local disk, else a copy."""
    try:
        yield_path: Path | None = Path(default_storage.path(name))
    except NotImplementedError:
        yield_path = None
    if yield_path is not None:
        yield yield_path
        return
    with tempfile.TemporaryDirectory(prefix="backstride-gait-") as folder:
        target = Path(folder) / Path(name).name
        with default_storage.open(name, "rb") as source, target.open("wb") as handle:
            shutil.copyfileobj(source, handle, 1024 * 1024)
        yield target


def _throttled(progress: Progress) -> Callable[[int, int], None]:
    """The core's per-frame ``progress(done, total)`` → the job's percentage, at most about
    four database writes a second."""
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 0.25:
            return
        last[0] = now
        share = done / total if total else 0.0
        progress(_POSE_SHARE * share, f"Finding the runner: frame {done} of {total}")

    return report


def _clear_results(session: GaitSession) -> None:
    """Forget an earlier attempt's numbers and files (a retried job starts clean)."""
    names = [f.name for f in (session.overlay, session.frames_csv, session.steps_csv) if f.name]
    session.metrics.all().delete()
    for name in names:
        default_storage.delete(name)
    session.overlay = session.frames_csv = session.steps_csv = ""
    session.summary, session.warnings, session.error = {}, [], ""
    session.fps = session.frames = session.steps_left = session.steps_right = None
    session.analysed_at = None


def _mark(session_id: int, **fields: Any) -> None:
    GaitSession.objects.filter(pk=session_id).update(**fields)


def analyse_session(session: GaitSession, progress: Progress) -> dict[str, Any]:
    """Run the core on the session's video and store what it found (the job's body).

    Bad input raises the core's :class:`InputError`: the session is marked failed with its
    message and keeps no metrics. The result is a small dict for the Job row.
    """
    _clear_results(session)
    session.status = GaitStatus.RUNNING
    session.save()
    try:
        with (
            local_path(str(session.video.name)) as video,
            tempfile.TemporaryDirectory(prefix="backstride-gait-out-") as out,
        ):
            slowmo = 1.0
            if session.filmed_fps:
                info = probe(video)
                slowmo = session.filmed_fps / info.container_fps
                if slowmo < 0.99:
                    raise InputError(
                        f"filmed at {session.filmed_fps:g} frames/s is below the file's own "
                        f"{info.container_fps:g} frames/s; leave it empty unless the video "
                        "was filmed in slow motion",
                        source="filmed_fps",
                    )
                slowmo = max(slowmo, 1.0)
            crop = tuple(session.crop) if session.crop else None
            result = analyse_video(
                video,
                view="rear" if session.view == GaitView.REAR else "side",
                slowmo_factor=slowmo,
                progress=_throttled(progress),
                crop=crop,
                start_s=session.start_s,
                end_s=session.end_s,
            )
            progress(_POSE_SHARE, "Saving the measurements")
            save_result(session, result, folder=Path(out))
            # The numbers are on the page from here on; the annotated video follows.
            progress(_POSE_SHARE + 2, "Drawing the annotated video")
            attach_overlay(session, result, video, slowmo, Path(out))
    except BaseException as error:
        if session.status == GaitStatus.DONE:
            raise  # the measurements are stored; only the job reports the failure
        if isinstance(error, InputError) and error.source == Path(str(session.video.name)).name:
            error.source = session.original_name  # name the file as the runner knows it
        message = str(error) if isinstance(error, InputError) else f"Unexpected error: {error}"
        _mark(session.pk, status=GaitStatus.FAILED, error=message[:2000])
        raise
    return {
        "session_id": session.pk,
        "steps": {"left": session.steps_left, "right": session.steps_right},
        "warnings": len(session.warnings),
    }


def attach_overlay(
    session: GaitSession, result: GaitResult, video: Path, slowmo: float, folder: Path
) -> None:
    """Draw the annotated video (the core's overlay) and store it with the session. A
    failure here keeps the measurements and is noted in the summary (``overlay_error``)."""
    try:
        info = probe(video, slowmo_factor=slowmo)
        written = write_overlay(result, info, folder / "annotated.mp4")
        with written.open("rb") as handle:
            session.overlay.save(written.name, File(handle), save=False)
    except Exception as error:
        logger.exception("gait session %s: the overlay failed", session.pk)
        session.summary = {
            **session.summary,
            "overlay_error": f"The annotated video could not be made: {error}",
        }
        session.save(update_fields=["summary"])
        return
    extra = {**session.summary.get("extra", {}), "overlay_codec": result.extra.get("overlay_codec")}
    session.summary = {**session.summary, "overlay": session.overlay.name, "extra": extra}
    session.save(update_fields=["overlay", "summary"])


def overlay_pending(session: GaitSession) -> bool:
    """True while a finished analysis's job is still drawing its annotated video."""
    if session.status != GaitStatus.DONE or session.overlay or session.job is None:
        return False
    if "overlay_error" in session.summary:
        return False
    job = jobs.refresh(session.job, now=timezone.now())
    return not job.is_finished


def save_result(session: GaitSession, result: GaitResult, *, folder: Path) -> None:
    """Store a finished analysis: files first (overlay, CSVs), then in one transaction the
    summary, warnings and one :class:`GaitMetric` row per metric."""
    frames_csv, steps_csv = result.write_csv(folder)
    names: list[str] = []
    try:
        for field, path in (
            (session.frames_csv, frames_csv),
            (session.steps_csv, steps_csv),
            (session.overlay, result.overlay_path),
        ):
            if path is None or not path.is_file():
                continue
            with path.open("rb") as handle:
                field.save(path.name, File(handle), save=False)
            names.append(str(field.name))
        summary = result.as_detail()
        summary["overlay"] = session.overlay.name or None
        # Sagittal angles mean nothing in a picture taken from behind.
        summary["cycles"] = gait_cycles(result) if result.view == "side" else None
        summary["settings"] = {
            "filmed_fps": session.filmed_fps,
            "start_s": session.start_s,
            "end_s": session.end_s,
            "crop": session.crop,
        }
        summary = json.loads(json.dumps(summary, default=_jsonable))
        steps = result.steps()
        with transaction.atomic():
            session.summary = summary
            session.warnings = summary["warnings"]
            session.fps = result.fps
            session.frames = result.frames
            session.steps_left, session.steps_right = steps["left"], steps["right"]
            session.status = GaitStatus.DONE
            session.analysed_at = timezone.now()
            session.error = ""
            session.save()
            GaitMetric.objects.bulk_create(
                GaitMetric(
                    session=session,
                    name=name,
                    unit=metric.unit,
                    median=metric.median,
                    iqr=metric.iqr,
                    n=metric.n,
                    steps_left=len(metric.per_step["left"]),
                    steps_right=len(metric.per_step["right"]),
                    quality=metric.quality,
                    reason=metric.reason[:300],
                    error_value=metric.reference.error_value,
                    asymmetry_pct=metric.asymmetry_pct,
                )
                for name, metric in result.metrics.items()
            )
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise


def _jsonable(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    return str(value)


def sync_with_job(session: GaitSession) -> GaitSession:
    """A session whose job failed outside the handler (its worker died) is failed too."""
    if session.is_finished or session.job is None:
        return session
    job = jobs.refresh(session.job, now=timezone.now())
    if job.status == JobStatus.FAILED:
        session.status = GaitStatus.FAILED
        session.error = job.error or "The analysis stopped."
        session.save(update_fields=["status", "error"])
    return session


# --- reading back -------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricRow:
    """One line of the metrics table: the stored numbers and the core's reference."""

    name: str
    label: str
    unit: str
    median: float | None
    iqr: float | None
    n: int
    steps_left: int
    steps_right: int
    quality: str
    reason: str
    error: str
    error_value: float
    low: float | None
    high: float | None
    range_note: str
    sources: tuple[str, ...]
    evidence: str
    asymmetry_pct: float | None

    @property
    def band(self) -> str:
        """The reference band as text ("170–185", "≤ 250", "≥ 10"), or "" without one."""
        if self.low is not None and self.high is not None:
            return f"{self.low:g}–{self.high:g}"
        if self.high is not None:
            return f"≤ {self.high:g}"
        if self.low is not None:
            return f"≥ {self.low:g}"
        return ""

    @property
    def position(self) -> str:
        """ "below", "within" or "above" the band; "" when unmeasured or without a band."""
        if self.median is None or (self.low is None and self.high is None):
            return ""
        if self.low is not None and self.median < self.low:
            return "below"
        if self.high is not None and self.median > self.high:
            return "above"
        return "within"


def metric_rows(session: GaitSession) -> list[MetricRow]:
    details = session.summary.get("metrics", {})
    rows = []
    for metric in session.metrics.all():
        ref = details.get(metric.name, {}).get("reference", {})
        source = ref.get("source", "")
        sources = tuple(s.strip() for s in source.split(";") if s.strip())
        rows.append(
            MetricRow(
                name=metric.name,
                label=LABELS.get(metric.name, metric.name.replace("_", " ")),
                unit=metric.unit,
                median=metric.median,
                iqr=metric.iqr,
                n=metric.n,
                steps_left=metric.steps_left,
                steps_right=metric.steps_right,
                quality=metric.quality,
                reason=metric.reason,
                error=str(ref.get("error", "")),
                error_value=metric.error_value,
                low=ref.get("low"),
                high=ref.get("high"),
                range_note=str(ref.get("note", "")),
                sources=sources,
                evidence=str(ref.get("evidence", "")),
                asymmetry_pct=metric.asymmetry_pct,
            )
        )
    return rows


def done_sessions(runner: User) -> list[GaitSession]:
    return list(GaitSession.objects.filter(runner=runner, status=GaitStatus.DONE))


@dataclass(frozen=True)
class Change:
    """One metric in a before/after comparison."""

    name: str
    label: str
    unit: str
    before: float | None
    after: float | None
    error_value: float

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def exceeds_error(self) -> bool | None:
        """True when the change is larger than the metric's expected measurement error;
        None when either session could not measure it."""
        change = self.change
        return None if change is None else abs(change) > self.error_value


def compare(before: GaitSession, after: GaitSession) -> list[Change]:
    """Per metric measured in either session: both medians, the change, and whether the
    change exceeds the expected measurement error (the larger of the two sessions')."""
    old = {m.name: m for m in before.metrics.all()}
    new = {m.name: m for m in after.metrics.all()}
    changes = []
    for name in [*new, *(n for n in old if n not in new)]:
        a, b = old.get(name), new.get(name)
        either = b or a
        assert either is not None
        changes.append(
            Change(
                name=name,
                label=LABELS.get(name, name.replace("_", " ")),
                unit=either.unit,
                before=None if a is None else a.median,
                after=None if b is None else b.median,
                error_value=max(m.error_value for m in (a, b) if m is not None),
            )
        )
    return changes


def latest_done(runner: User, view: str, *, now: datetime.datetime) -> GaitSession | None:
    return (
        GaitSession.objects.filter(
            runner=runner, view=view, status=GaitStatus.DONE, created_at__lte=now
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def case_gait(runner: User, *, now: datetime.datetime) -> GaitMetrics | None:
    """The Explain case's gait block from the runner's latest successful side and rear
    sessions (as of ``now``); a metric the core could not measure stays None (unknown).
    None when no session measured anything."""
    values: dict[str, float | None] = {}
    latest = {view: latest_done(runner, view, now=now) for view in (GaitView.SIDE, GaitView.REAR)}
    for field, (view, name) in CASE_FIELDS.items():
        session = latest[GaitView(view)]
        metric = None if session is None else session.metrics.filter(name=name).first()
        value = None if metric is None else metric.median
        values[field] = (
            round(max(-90.0, min(90.0, value)), 2)
            if value is not None and math.isfinite(value)
            else None
        )
    if all(v is None for v in values.values()):
        return None
    return GaitMetrics(**values)
