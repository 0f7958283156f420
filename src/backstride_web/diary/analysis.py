"""Turn a runner's stored runs, diary and check-ins into the core's records and analyse.

The core (:mod:`backstride.analysis.overview`) does the statistics; this module only maps
rows onto :class:`backstride.pain.RunRecord` and :class:`backstride.pain.DailyCheckin`.
A diary answer the core finds inconsistent (an onset after a run that was shortened
later, say) is left out of the analysis rather than failing the whole page, and counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from backstride.analysis.overview import Analysis, analyse
from backstride.errors import InputError
from backstride.model import FOOT_SPORTS
from backstride.pain import DailyCheckin as CoreCheckin
from backstride.pain import PainEvent, RunContext, RunRecord
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary.models import DailyCheckin, RunPain

CADENCE_RANGE_SPM = (60.0, 260.0)


@dataclass(frozen=True)
class RunnerAnalysis:
    analysis: Analysis
    skipped_records: int


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _pain_event(activity: Activity, pain: RunPain) -> PainEvent:
    run_id = str(activity.pk)
    if pain.onset_s is None:
        return PainEvent.no_pain(run_id, next_morning=pain.next_morning)
    return PainEvent(
        run_id=run_id,
        onset_s=pain.onset_s,
        peak=pain.peak or 0,
        character=pain.character or None,
        location=pain.location or None,
        stopped=pain.stopped,
        walked_off=pain.walked_off,
        settle_min=pain.settle_min,
        next_morning=pain.next_morning,
    )


def run_record(activity: Activity, sitting_by_day: dict[datetime.date, float]) -> RunRecord:
    """The core's view of one run with its pain answer: what every analysis of the diary
    (this page, the report, experiments) is computed from."""
    pain: RunPain | None = getattr(activity, "pain", None)
    warmup_s = activity.warmup_s
    if pain is not None and pain.warmup_min is not None:
        warmup_s = pain.warmup_min * 60
    if warmup_s is not None:
        warmup_s = min(warmup_s, activity.elapsed_s)
    cadence = activity.avg_cadence_spm
    if cadence is not None and not CADENCE_RANGE_SPM[0] <= cadence <= CADENCE_RANGE_SPM[1]:
        cadence = None
    context = RunContext(
        duration_s=activity.elapsed_s,
        distance_m=activity.distance_m,
        warmup_s=warmup_s,
        first10_pace_s_per_km=activity.first_split_pace_s_per_km,
        cadence_spm=cadence,
        sitting_h_before=pain.sat_hours_before if pain is not None else None,
        sitting_h_day=sitting_by_day.get(_local_day(activity.start_utc)),
        lifting_48h=pain.lifted_48h if pain is not None else None,
        shoes=(pain.shoes or None) if pain is not None else None,
    )
    return RunRecord(
        run_id=str(activity.pk),
        start_utc=activity.start_utc,
        context=context,
        pain=_pain_event(activity, pain) if pain is not None else None,
        utc_offset_s=activity.local_utc_offset_s or 0,
    )


@dataclass(frozen=True)
class DiaryInputs:
    """What the core's diary analysis is computed from, read once from the database."""

    records: list[RunRecord]
    checkins: list[DailyCheckin]
    """The check-ins as stored, oldest first."""
    core_checkins: list[CoreCheckin]
    skipped: int
    """Runs left out because their stored pain answer cannot be used."""


def diary_inputs(
    runner: User, *, now: datetime.datetime, since: datetime.datetime | None = None
) -> DiaryInputs:
    """The runner's foot runs and check-ins up to ``now`` (and from ``since``, when given)."""
    checkin_rows = DailyCheckin.objects.filter(runner=runner, day__lte=now.date())
    activity_rows = Activity.objects.filter(owner=runner, sport__in=FOOT_SPORTS, start_utc__lte=now)
    if since is not None:
        checkin_rows = checkin_rows.filter(day__gte=_local_day(since))
        activity_rows = activity_rows.filter(start_utc__gte=since)
    checkins = list(checkin_rows.order_by("day"))
    sitting_by_day = {c.day: c.sitting_hours for c in checkins if c.sitting_hours is not None}
    records: list[RunRecord] = []
    skipped = 0
    activities = (
        activity_rows.select_related("pain").defer("laps", "warnings").order_by("start_utc")
    )
    for activity in activities:
        try:
            records.append(run_record(activity, sitting_by_day))
        except InputError:
            skipped += 1
    core_checkins = [
        CoreCheckin(
            day=c.day,
            morning_pain=c.morning_pain,
            stiffness=c.morning_stiffness,
            sitting_h=c.sitting_hours,
            sleep_h=c.sleep_hours,
            exercises_done=c.exercises_done,
            note=c.note,
        )
        for c in checkins
    ]
    return DiaryInputs(records, checkins, core_checkins, skipped)


def analyse_runner(runner: User, *, now: datetime.datetime) -> RunnerAnalysis:
    """The whole analysis of a runner's diary as of ``now``."""
    inputs = diary_inputs(runner, now=now)
    return RunnerAnalysis(analyse(inputs.records, inputs.core_checkins, now=now), inputs.skipped)
