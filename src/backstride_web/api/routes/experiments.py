"""Self-experiments (n-of-1 trials), read only: as the schedule and results pages show them.

An arm is shown only once its day has come, as on the schedule page: the API does not
unblind a running experiment ahead of time. The analysis (``result``) is there once the
experiment has finished or stopped.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
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
    paginate,
    responses,
    runner_for,
    viewer,
)
from backstride_web.experiments import services
from backstride_web.experiments.models import Experiment

router = Router(tags=["experiments"])


class ExperimentOut(Schema):
    id: int
    runner: int
    name: str
    template_id: str
    primary: str = Field(description="the primary outcome")
    arm_a: str
    arm_b: str
    status: str = Field(description="planned, running, stopped or finished")
    start: datetime.date
    end: datetime.date
    run_days: list[int] = Field(description="weekdays of the experiment runs, 0 = Monday")
    verdict: str = Field(description="a_better, b_better, no_important_difference, ... or ''")
    stop_reason: str
    stopped_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_at: datetime.datetime


class SlotOut(Schema):
    index: int
    phase: str
    block: int | None
    position: int | None
    first_day: datetime.date
    last_day: datetime.date
    revealed: bool
    arm: str | None = Field(description="the arm's label, once its day has come")
    run_id: str | None
    missed: bool
    followed: bool | None = Field(description="the runner's own adherence answer")


class ExperimentDetailOut(ExperimentOut):
    blocks_done: int
    n_blocks: int
    slots: list[SlotOut]
    result: dict[str, Any] | None = Field(description="the analysis once finished or stopped")


def _summary(row: Experiment) -> dict[str, Any]:
    return {
        "id": row.pk,
        "runner": row.runner_id,
        "name": row.name,
        "template_id": row.template_id,
        "primary": row.primary,
        "arm_a": row.label_a,
        "arm_b": row.label_b,
        "status": row.status,
        "start": row.start,
        "end": row.end,
        "run_days": [int(d) for d in row.run_days or []],
        "verdict": row.verdict,
        "stop_reason": row.stop_reason,
        "stopped_at": row.stopped_at,
        "finished_at": row.finished_at,
        "created_at": row.created_at,
    }


def experiment_out(row: Experiment) -> ExperimentOut:
    return ExperimentOut(**_summary(row))


@router.get("/experiments", response=responses(Page[ExperimentOut]))
def list_experiments(
    request: HttpRequest,
    runner: RunnerParam = None,
    status: QueryEx[str | None, P(max_length=8, description="planned, running, ...")] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A runner's self-experiments, newest start first."""
    rows = Experiment.objects.filter(runner=runner_for(request, runner))
    if status:
        rows = rows.filter(status=status)
    return paginate(rows, limit, offset, experiment_out)


@router.get("/experiments/{experiment_id}", response=responses(ExperimentDetailOut))
def get_experiment(
    request: HttpRequest, experiment_id: PathEx[int, P(ge=1, le=MAX_ID)]
) -> ExperimentDetailOut:
    """One experiment: its schedule (arms revealed on their day), progress and result."""
    now = timezone.now()
    row = services.refresh(
        owned_or_404(viewer(request), Experiment.objects.all(), experiment_id), now
    )
    found = services.progress(row, now)
    slots = [
        SlotOut(
            index=r.slot.index,
            phase=r.slot.phase,
            block=r.slot.block,
            position=r.slot.position,
            first_day=r.slot.first_day,
            last_day=r.slot.last_day,
            revealed=r.revealed,
            arm=r.arm.label if r.arm is not None else None,
            run_id=r.run.run_id if r.run is not None else None,
            missed=r.missed,
            followed=r.answer,
        )
        for r in found.rows
    ]
    return ExperimentDetailOut(
        **_summary(row),
        blocks_done=found.done.complete_blocks,
        n_blocks=found.n_blocks,
        slots=slots,
        result=to_jsonable(row.result) if row.is_done and row.result else None,
    )
