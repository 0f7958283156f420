"""Gait sessions (read only): what the core measured in each running video."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params import P, PathEx, QueryEx
from pydantic import Field

from backstride.analysis.jsonable import to_jsonable
from backstride_web.accounts.access import owned_or_404
from backstride_web.api.common import (
    DEFAULT_LIMIT,
    MAX_ID,
    Limit,
    Offset,
    Page,
    RunnerParam,
    finite,
    paginate,
    responses,
    runner_for,
    viewer,
)
from backstride_web.gait.models import GaitMetric, GaitSession

router = Router(tags=["gait"])


class GaitMetricOut(Schema):
    name: str
    unit: str
    median: float | None = Field(description="median over the valid steps; null if unavailable")
    iqr: float | None
    n: int
    steps_left: int
    steps_right: int
    quality: str
    reason: str
    error_value: float = Field(description="expected measurement error, in unit")
    asymmetry_pct: float | None


class GaitSessionOut(Schema):
    id: int
    runner: int
    created_at: datetime.datetime
    view: str
    label: str
    status: str = Field(description="queued, running, done or failed")
    error: str
    job_id: uuid.UUID | None
    analysed_at: datetime.datetime | None
    fps: float | None
    frames: int | None
    steps_left: int | None
    steps_right: int | None
    warnings: list[Any]
    metrics: list[GaitMetricOut]


class GaitSessionDetailOut(GaitSessionOut):
    summary: dict[str, Any]


def _metric(row: GaitMetric) -> GaitMetricOut:
    return GaitMetricOut(
        name=row.name,
        unit=row.unit,
        median=finite(row.median),
        iqr=finite(row.iqr),
        n=row.n,
        steps_left=row.steps_left,
        steps_right=row.steps_right,
        quality=row.quality,
        reason=row.reason,
        error_value=finite(row.error_value) or 0.0,
        asymmetry_pct=finite(row.asymmetry_pct),
    )


def _summary(row: GaitSession) -> dict[str, Any]:
    return {
        "id": row.pk,
        "runner": row.runner_id,
        "created_at": row.created_at,
        "view": row.view,
        "label": row.label,
        "status": row.status,
        "error": row.error,
        "job_id": row.job_id,
        "analysed_at": row.analysed_at,
        "fps": finite(row.fps),
        "frames": row.frames,
        "steps_left": row.steps_left,
        "steps_right": row.steps_right,
        "warnings": to_jsonable(list(row.warnings or [])),
        "metrics": [_metric(m) for m in row.metrics.all()],
    }


def session_out(row: GaitSession) -> GaitSessionOut:
    return GaitSessionOut(**_summary(row))


@router.get("/gait-sessions", response=responses(Page[GaitSessionOut]))
def list_gait_sessions(
    request: HttpRequest,
    runner: RunnerParam = None,
    status: QueryEx[
        str | None, P(max_length=8, description="queued, running, done, failed")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A runner's gait sessions, newest first, with their metrics."""
    rows = GaitSession.objects.filter(runner=runner_for(request, runner)).prefetch_related(
        "metrics"
    )
    if status:
        rows = rows.filter(status=status)
    return paginate(rows, limit, offset, session_out)


@router.get("/gait-sessions/{session_id}", response=responses(GaitSessionDetailOut))
def get_gait_session(
    request: HttpRequest, session_id: PathEx[int, P(ge=1, le=MAX_ID)]
) -> GaitSessionDetailOut:
    """One gait session: its metrics and the core's full summary (curves, steps)."""
    row = owned_or_404(viewer(request), GaitSession.objects.all(), session_id)
    return GaitSessionDetailOut(**_summary(row), summary=to_jsonable(row.summary or {}))
