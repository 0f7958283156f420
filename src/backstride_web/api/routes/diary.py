"""The pain diary: pain events (the pain report of a run) and morning check-ins.

Creating either goes through the web forms (:mod:`backstride_web.diary.forms`), so the API
accepts exactly what the pages accept, with the same messages.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.params import P, QueryEx
from ninja.responses import Status
from pydantic import Field

from backstride_web.accounts.access import owned_or_404
from backstride_web.activities.models import Activity
from backstride_web.api.common import (
    DEFAULT_LIMIT,
    MAX_ID,
    Limit,
    Offset,
    Page,
    RunnerParam,
    Since,
    Until,
    date_range,
    own_runner,
    paginate,
    responses,
    runner_for,
    viewer,
)
from backstride_web.api.errors import ApiError
from backstride_web.diary import services
from backstride_web.diary.forms import CheckinForm, RunPainForm
from backstride_web.diary.models import DailyCheckin, RunPain

router = Router(tags=["diary"])

EARLIEST_DAY = datetime.date(1900, 1, 1)
LEG_SYMPTOM_ADVICE = (
    "Pain in the leg is new in your diary: please answer the short safety check "
    "(Assess → Weekly safety check). If it persists or spreads, see a clinician."
)


class PainEventOut(Schema):
    id: int
    activity_id: int
    run_start_utc: datetime.datetime
    had_pain: bool
    onset_s: float | None = Field(description="seconds into the run; null = no pain")
    peak: int | None
    character: str
    location: str
    stopped: bool
    walked_off: bool
    settle_min: int | None
    next_morning: int | None
    warmup_min: float | None
    sat_hours_before: float | None
    lifted_48h: bool
    shoes: str
    recorded_at: datetime.datetime


class PainEventIn(Schema):
    activity_id: int = Field(..., ge=1, le=MAX_ID)
    no_pain: bool = Field(False, description="true: the run was pain-free (other fields unused)")
    onset: str | None = Field(
        None, max_length=20, description="when the pain started: 5, 5:30 (min:s), 1.2 km, 0.8 mi"
    )
    peak: int | None = Field(None, ge=0, le=10, description="worst pain 0-10")
    character: str | None = Field(None, max_length=12, description="pump, tightness, ache, ...")
    location: str | None = Field(None, max_length=24, description="low_back_central, thigh, ...")
    stopped: bool = False
    walked_off: bool = False
    settle_min: int | None = Field(None, ge=0, le=24 * 60)
    next_morning: int | None = Field(None, ge=0, le=10)
    warmup_min: float | None = Field(None, ge=0, le=180)
    sat_hours_before: float | None = Field(None, ge=0, le=24)
    lifted_48h: bool = False
    shoes: str | None = Field(None, max_length=60)


class PainEventCreated(Schema):
    event: PainEventOut
    new_leg_symptom: bool
    advice: str | None = Field(description="what to do next, when there is something to do")


class CheckinOut(Schema):
    id: int
    runner: int
    day: datetime.date
    morning_pain: int
    morning_stiffness: int
    sitting_hours: float | None
    sleep_hours: float | None
    exercises_done: bool
    note: str
    recorded_at: datetime.datetime


class CheckinIn(Schema):
    day: datetime.date
    morning_pain: int = Field(..., ge=0, le=10)
    morning_stiffness: int = Field(..., ge=0, le=10)
    sitting_hours: float | None = Field(None, ge=0, le=24)
    sleep_hours: float | None = Field(None, ge=0, le=24)
    exercises_done: bool = False
    note: str = Field("", max_length=280)


def pain_out(pain: RunPain) -> PainEventOut:
    return PainEventOut(
        id=pain.pk,
        activity_id=pain.activity_id,
        run_start_utc=pain.activity.start_utc,
        had_pain=pain.had_pain,
        onset_s=pain.onset_s,
        peak=pain.peak,
        character=pain.character,
        location=pain.location,
        stopped=pain.stopped,
        walked_off=pain.walked_off,
        settle_min=pain.settle_min,
        next_morning=pain.next_morning,
        warmup_min=pain.warmup_min,
        sat_hours_before=pain.sat_hours_before,
        lifted_48h=pain.lifted_48h,
        shoes=pain.shoes,
        recorded_at=pain.recorded_at,
    )


def checkin_out(row: DailyCheckin) -> CheckinOut:
    return CheckinOut(
        id=row.pk,
        runner=row.runner_id,
        day=row.day,
        morning_pain=row.morning_pain,
        morning_stiffness=row.morning_stiffness,
        sitting_hours=row.sitting_hours,
        sleep_hours=row.sleep_hours,
        exercises_done=row.exercises_done,
        note=row.note,
        recorded_at=row.recorded_at,
    )


def _form_data(values: dict[str, Any]) -> dict[str, str]:
    """A JSON body as a form post: booleans present only when true, None left out."""
    data: dict[str, str] = {}
    for name, value in values.items():
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    return data


def _reject(form: forms.BaseForm, renamed: dict[str, str] | None = None) -> ApiError:
    field, messages = next(iter(form.errors.items()))
    name = (renamed or {}).get(field, field)
    text = " ".join(str(m) for m in messages)
    return ApiError(422, "invalid", text, None if name == NON_FIELD_ERRORS else name)


def _text(value: str) -> None:
    if "\x00" in value:
        raise ApiError(422, "invalid", "Null characters are not allowed.")


@router.get("/pain-events", response=responses(Page[PainEventOut]))
def list_pain_events(
    request: HttpRequest,
    runner: RunnerParam = None,
    since: Since = None,
    until: Until = None,
    had_pain: QueryEx[bool | None, P(description="only runs with (true) or without pain")] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The pain reports of a runner's runs, newest run first."""
    owner = runner_for(request, runner)
    rows = date_range(
        RunPain.objects.filter(activity__owner=owner).select_related("activity"),
        "activity__start_utc__date",
        since,
        until,
    )
    if had_pain is not None:
        rows = rows.filter(~Q(onset_s__isnull=had_pain))
    return paginate(rows.order_by("-activity__start_utc", "-pk"), limit, offset, pain_out)


@router.post("/pain-events", response=responses(PainEventCreated, 201))
def create_pain_event(request: HttpRequest, payload: PainEventIn) -> Status[PainEventCreated]:
    """Record (or correct) the pain report of one of your runs, as the diary page does."""
    runner = own_runner(request)
    activity = owned_or_404(
        viewer(request), Activity.objects.all(), payload.activity_id, owner="owner"
    )
    if activity.owner_id != runner.pk:
        raise ApiError(404, "not_found", "Not found", "activity_id")
    if payload.no_pain:
        pain = services.record_no_pain(activity)
        return Status(
            201, PainEventCreated(event=pain_out(pain), new_leg_symptom=False, advice=None)
        )
    values = payload.model_dump(exclude={"activity_id", "no_pain", "onset"})
    for text in ("character", "location", "shoes"):
        _text(values.get(text) or "")
    _text(payload.onset or "")
    data = _form_data({**values, "onset_other": payload.onset})
    form = RunPainForm(data, duration_s=activity.elapsed_s, distance_m=activity.distance_m)
    if not form.is_valid():
        raise _reject(form, {"onset_other": "onset", "onset_chip": "onset"})
    new_leg = services.is_new_leg_symptom(runner, form.cleaned_data)
    pain = services.record_pain(activity, form.cleaned_data)
    advice = LEG_SYMPTOM_ADVICE if new_leg else None
    return Status(
        201, PainEventCreated(event=pain_out(pain), new_leg_symptom=new_leg, advice=advice)
    )


@router.get("/checkins", response=responses(Page[CheckinOut]))
def list_checkins(
    request: HttpRequest,
    runner: RunnerParam = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A runner's morning check-ins, newest day first."""
    owner = runner_for(request, runner)
    rows = date_range(DailyCheckin.objects.filter(runner=owner), "day", since, until)
    return paginate(rows.order_by("-day"), limit, offset, checkin_out)


@router.post("/checkins", response=responses(CheckinOut, 201))
def create_checkin(request: HttpRequest, payload: CheckinIn) -> Status[CheckinOut]:
    """Save the check-in of a day (a second one for the same day replaces it)."""
    runner = own_runner(request)
    _text(payload.note)
    if payload.day < EARLIEST_DAY:
        raise ApiError(422, "invalid", f"The day is before {EARLIEST_DAY:%Y}.", "day")
    data = _form_data(payload.model_dump())
    data["day"] = payload.day.isoformat()
    form = CheckinForm(data, today=timezone.localdate())
    if not form.is_valid():
        raise _reject(form)
    return Status(201, checkin_out(services.record_checkin(runner, form.cleaned_data)))
