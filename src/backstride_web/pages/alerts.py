"""What a clinician should look at first, per runner who shares with them.

Cheap by design (a few indexed queries per runner, no survival model), so the workspace
stays fast with many runners: a red flag not yet cleared, morning pain rising week on week
(core ``analysis.checkins``), a load spike in the last 14 days (core ``analysis.load``
rule: a run more than 10 % longer than the longest of the 30 days before it), and a
self-experiment that finished or stopped in the last 4 weeks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max

from backstride.analysis.checkins import morning_trend
from backstride.analysis.load import is_spike
from backstride.assess.redflags import Tier
from backstride.pain import DailyCheckin as CoreCheckin
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.assessments.safety import plan_access
from backstride_web.diary.models import DailyCheckin
from backstride_web.experiments.alerts import experiment_alert

RECENT_DAYS = 14
WINDOW_DAYS = 30


@dataclass(frozen=True)
class Alert:
    level: str  # "see_clinician" or "caution"
    text: str


def _red_flag(runner: User, now: datetime.datetime) -> Alert | None:
    access = plan_access(runner, now=now)
    if access.running or access.tier is Tier.NONE:
        return None
    return Alert("see_clinician", f"Red flag ({access.tier.name.lower()}) not yet cleared.")


def _morning_pain(runner: User, today: datetime.date) -> Alert | None:
    rows = DailyCheckin.objects.filter(runner=runner, day__gt=today - datetime.timedelta(days=14))
    trend = morning_trend(
        [CoreCheckin(day=c.day, morning_pain=c.morning_pain) for c in rows], today=today
    )
    if not trend.rising:
        return None
    return Alert(
        "caution",
        f"Morning pain rising: {trend.last7_mean:.1f}/10 this week, {trend.prev7_mean:.1f} before.",
    )


def _load_spike(runner: User, now: datetime.datetime) -> Alert | None:
    recent = (
        Activity.objects.filter(
            owner=runner,
            start_utc__gt=now - datetime.timedelta(days=RECENT_DAYS),
            start_utc__lte=now,
            distance_m__isnull=False,
        )
        .only("start_utc", "distance_m")
        .order_by("-distance_m")
    )
    for run in recent[:5]:
        before = Activity.objects.filter(
            owner=runner,
            start_utc__lt=run.start_utc,
            start_utc__gte=run.start_utc - datetime.timedelta(days=WINDOW_DAYS),
        ).aggregate(longest=Max("distance_m"))["longest"]
        if before and run.distance_m and is_spike(run.distance_m, before):
            return Alert(
                "caution",
                f"Load spike on {run.start_utc:%d %b}: {run.distance_m / 1000:.1f} km after a "
                f"longest of {before / 1000:.1f} km in the 30 days before.",
            )
    return None


def _experiment_finished(runner: User, now: datetime.datetime) -> Alert | None:
    """A self-experiment finished or stopped in the last 4 weeks (the experiments app)."""
    found = experiment_alert(runner, now=now)
    return None if found is None else Alert(*found)


def alerts_for(runner: User, *, now: datetime.datetime) -> list[Alert]:
    found = [
        _red_flag(runner, now),
        _morning_pain(runner, now.date()),
        _load_spike(runner, now),
        _experiment_finished(runner, now),
    ]
    return [alert for alert in found if alert is not None]
