"""What the runner's own past runs say for an experiment: the runs as core records, the usual
cadence (for the cadence arm's adherence), the usual run days (the wizard's default) and the
precision hint (blocks needed, from the run-to-run spread)."""

from __future__ import annotations

import datetime
import statistics
from typing import Final

from django.utils import timezone

from backstride.errors import InputError
from backstride.experiments.conduct import local_day
from backstride.experiments.precision import PrecisionHint, precision_hint
from backstride.model import FOOT_SPORTS
from backstride.pain import RunRecord
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary.analysis import CADENCE_RANGE_SPM
from backstride_web.diary.analysis import run_record as diary_record

__all__ = [
    "DEFAULT_RUN_DAYS",
    "HISTORY_DAYS",
    "precision_for",
    "runs_between",
    "usual_cadence",
    "usual_run_days",
]

DEFAULT_RUN_DAYS: Final = (0, 2, 4, 6)
HISTORY_DAYS: Final = 180
"""Past runs read for the precision hint and the usual cadence."""


def _local_today(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


def runs_between(
    runner: User, first: datetime.date, last: datetime.date, now: datetime.datetime
) -> list[RunRecord]:
    """The runner's foot runs on local days ``first``..``last`` that started by ``now``, as
    the core's :class:`RunRecord` (``run_id`` = the Activity pk); a diary answer the core
    rejects leaves its run out."""
    since = datetime.datetime.combine(
        first - datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC
    )
    until = datetime.datetime.combine(
        last + datetime.timedelta(days=2), datetime.time(), tzinfo=datetime.UTC
    )
    rows = (
        Activity.objects.filter(
            owner=runner,
            sport__in=FOOT_SPORTS,
            start_utc__gte=since,
            start_utc__lt=min(until, now + datetime.timedelta(seconds=1)),
        )
        .select_related("pain")
        .defer("laps", "warnings")
        .order_by("start_utc")
    )
    records = []
    for row in rows:
        try:
            record = diary_record(row, {})
        except InputError:
            continue
        if first <= local_day(record) <= last:
            records.append(record)
    return records


def usual_cadence(runner: User, before: datetime.date) -> float | None:
    """Median cadence (steps/min) of the runner's runs in the :data:`HISTORY_DAYS` before
    ``before``; None without any (the cadence template then reads adherence as unknown)."""
    low, high = CADENCE_RANGE_SPM
    since = datetime.datetime.combine(
        before - datetime.timedelta(days=HISTORY_DAYS), datetime.time(), tzinfo=datetime.UTC
    )
    until = datetime.datetime.combine(before, datetime.time(), tzinfo=datetime.UTC)
    values = [
        c
        for c in Activity.objects.filter(
            owner=runner, sport__in=FOOT_SPORTS, start_utc__gte=since, start_utc__lt=until
        ).values_list("avg_cadence_spm", flat=True)
        if c is not None and low <= c <= high
    ]
    return float(statistics.median(values)) if values else None


USUAL_DAYS_WEEKS: Final = 8
USUAL_DAYS_MIN_WEEKS: Final = 3


def usual_run_days(runner: User, *, now: datetime.datetime) -> tuple[int, ...]:
    """The weekdays (0 = Monday) the runner ran on in at least 3 of the last 8 weeks, as the
    wizard's default run days; :data:`DEFAULT_RUN_DAYS` when fewer than two such days."""
    today = _local_today(now)
    since = datetime.datetime.combine(
        today - datetime.timedelta(weeks=USUAL_DAYS_WEEKS), datetime.time(), tzinfo=datetime.UTC
    )
    counts = [0] * 7
    for start, offset in Activity.objects.filter(
        owner=runner, sport__in=FOOT_SPORTS, start_utc__gte=since, start_utc__lte=now
    ).values_list("start_utc", "local_utc_offset_s"):
        counts[(start + datetime.timedelta(seconds=offset or 0)).weekday()] += 1
    days = tuple(d for d in range(7) if counts[d] >= USUAL_DAYS_MIN_WEEKS)
    return days if len(days) >= 2 else DEFAULT_RUN_DAYS


def precision_for(runner: User, n_blocks: int, *, now: datetime.datetime) -> PrecisionHint:
    """The precision hint for ``n_blocks`` from the runner's own pain-free minutes over the
    last :data:`HISTORY_DAYS` (onset, or the run's length when there was no pain)."""
    today = _local_today(now)
    records = runs_between(runner, today - datetime.timedelta(days=HISTORY_DAYS), today, now)
    values = [
        (r.pain.onset_s if r.pain.onset_s is not None else r.context.duration_s) / 60.0
        for r in records
        if r.pain is not None
    ]
    return precision_hint(values, n_blocks=max(1, n_blocks))
