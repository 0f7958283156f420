"""Activities: list (paginated, filtered by date and sport), detail, streams, upload."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Router, Schema
from ninja.files import UploadedFile
from ninja.params import FileEx, P, PathEx, QueryEx
from ninja.responses import Status
from pydantic import Field

from backstride.analysis.jsonable import to_jsonable
from backstride_web.accounts.access import owned_or_404
from backstride_web.activities.forms import UploadForm, safe_name
from backstride_web.activities.models import Activity
from backstride_web.activities.services import load_streams
from backstride_web.api.common import (
    DEFAULT_LIMIT,
    MAX_ID,
    Limit,
    Offset,
    Page,
    RunnerParam,
    Since,
    Until,
    own_runner,
    paginate,
    responses,
    runner_for,
    viewer,
)
from backstride_web.api.errors import ApiError
from backstride_web.api.routes.jobs import JobOut, job_out
from backstride_web.jobs import services as jobs_services

router = Router(tags=["activities"])
MAX_EVERY = 3600


class ActivityOut(Schema):
    id: int
    runner: int
    sport: str
    sub_sport: str
    start_utc: datetime.datetime
    local_utc_offset_s: int | None
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    ascent_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    avg_cadence_spm: float | None
    avg_speed_mps: float | None
    pace_s_per_km: float | None
    warmup_s: float | None
    longest_continuous_s: float | None
    continuous_segments: int | None
    walk_breaks: int | None
    first_split_pace_s_per_km: float | None
    rest_pace_s_per_km: float | None
    samples: int
    device: str
    source_name: str
    source_format: str
    imported_at: datetime.datetime
    has_pain_report: bool


class ActivityDetailOut(ActivityOut):
    laps: list[dict[str, Any]]
    warnings: list[str]


class StreamsOut(Schema):
    activity_id: int
    samples: int = Field(description="samples in the activity")
    every: int = Field(description="every n-th sample is returned")
    channels: dict[str, list[float | None]] = Field(
        description="time_s and each channel the file carries; gaps are null"
    )


def _summary(activity: Activity) -> dict[str, Any]:
    fields = ActivityOut.model_fields
    row = {name: getattr(activity, name) for name in fields if hasattr(activity, name)}
    row["id"] = activity.pk
    row["runner"] = activity.owner_id
    row["has_pain_report"] = hasattr(activity, "pain")
    return row


def activity_out(activity: Activity) -> ActivityOut:
    return ActivityOut(**_summary(activity))


@router.get("/activities", response=responses(Page[ActivityOut]))
def list_activities(
    request: HttpRequest,
    runner: RunnerParam = None,
    since: Since = None,
    until: Until = None,
    sport: QueryEx[str | None, P(max_length=32)] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A runner's activities, newest first."""
    owner = runner_for(request, runner)
    if since is not None and until is not None and since > until:
        raise ApiError(422, "invalid", "'until' is before 'since'.", "until")
    rows = Activity.objects.filter(owner=owner).select_related("pain").defer("laps", "warnings")
    if since is not None:
        rows = rows.filter(start_utc__date__gte=since)
    if until is not None:
        rows = rows.filter(start_utc__date__lte=until)
    if sport:
        rows = rows.filter(sport=sport)
    return paginate(rows.order_by("-start_utc", "-pk"), limit, offset, activity_out)


@router.post("/activities/upload", response=responses(JobOut, 202))
def upload_activities(
    request: HttpRequest,
    files: FileEx[list[UploadedFile], P(description="FIT/GPX/TCX files or an export zip")],
) -> Status[JobOut]:
    """Upload activity files or an export zip; the import runs as a background job (202)."""
    runner = own_runner(request)
    form = UploadForm(data={}, files=MultiValueDict({"uploads": list(files)}))
    if not form.is_valid():
        message = "; ".join(str(m) for messages in form.errors.values() for m in messages)
        raise ApiError(422, "invalid", message or "The upload is not valid.", "files")
    job_id = uuid.uuid4()
    folder = Path(settings.MEDIA_ROOT) / "imports" / str(runner.pk) / str(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    for number, upload in enumerate(form.cleaned_data["uploads"]):
        target = folder / f"{number:04d}-{safe_name(upload.name or 'upload')}"
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    job = jobs_services.submit(runner, "import_activities", job_id=job_id)
    return Status(202, job_out(job))


@router.get("/activities/{activity_id}", response=responses(ActivityDetailOut))
def get_activity(
    request: HttpRequest, activity_id: PathEx[int, P(ge=1, le=MAX_ID)]
) -> ActivityDetailOut:
    activity = owned_or_404(
        viewer(request), Activity.objects.select_related("pain"), activity_id, owner="owner"
    )
    warnings = [str(w) for w in activity.warnings or []]
    return ActivityDetailOut(
        **_summary(activity), laps=to_jsonable(list(activity.laps or [])), warnings=warnings
    )


@router.get("/activities/{activity_id}/streams", response=responses(StreamsOut))
def get_streams(
    request: HttpRequest,
    activity_id: PathEx[int, P(ge=1, le=MAX_ID)],
    every: QueryEx[int, P(ge=1, le=MAX_EVERY, description="return every n-th sample")] = 1,
) -> StreamsOut:
    """The per-sample channels (``time_s`` first); a hand-entered run has none."""
    activity = owned_or_404(viewer(request), Activity.objects.all(), activity_id, owner="owner")
    channels: dict[str, list[float | None]] = {}
    if activity.samples:
        for name, values in load_streams(activity).channels().items():
            picked = np.asarray(values, dtype=np.float64)[::every]
            channels[name] = [None if not np.isfinite(v) else float(v) for v in picked]
    return StreamsOut(
        activity_id=activity.pk, samples=activity.samples, every=every, channels=channels
    )
