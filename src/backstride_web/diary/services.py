"""Record pain against runs, daily check-ins and hand-entered runs (one transaction each)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from backstride.pain import LEG_LOCATIONS, onset_from_distance
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.activities.services import load_streams
from backstride_web.diary.models import DailyCheckin, RunPain

CONTEXT_FIELDS = ("warmup_min", "sat_hours_before", "lifted_48h", "shoes")
DETAIL_FIELDS = ("character", "location", "stopped", "walked_off", "settle_min", "next_morning")


def onset_seconds(activity: Activity, onset: tuple[str, float]) -> float:
    """The onset as seconds into the run; a distance is mapped through the run's stream."""
    kind, value = onset
    if kind == "time":
        return value
    if activity.samples:
        return onset_from_distance(load_streams(activity), value)
    # A hand-entered run has no stream: assume an even pace.
    assert activity.distance_m
    return activity.elapsed_s * value / activity.distance_m


@transaction.atomic
def record_pain(activity: Activity, cleaned: dict[str, Any]) -> RunPain:
    """Save (or correct) the pain report of a run from a valid RunPainForm."""
    fields: dict[str, Any] = {name: cleaned.get(name) for name in CONTEXT_FIELDS + DETAIL_FIELDS}
    for text in ("character", "location", "shoes"):
        fields[text] = fields[text] or ""
    for flag in ("stopped", "walked_off", "lifted_48h"):
        fields[flag] = bool(fields[flag])
    fields["onset_s"] = onset_seconds(activity, cleaned["onset"])
    fields["peak"] = cleaned["peak"]
    report, _ = RunPain.objects.update_or_create(activity=activity, defaults=fields)
    return report


@transaction.atomic
def record_no_pain(activity: Activity) -> RunPain:
    """A pain-free run: censored at its end, which the survival analysis counts."""
    report, _ = RunPain.objects.update_or_create(
        activity=activity,
        defaults={
            "onset_s": None,
            "peak": 0,
            "character": "",
            "location": "",
            "stopped": False,
            "walked_off": False,
            "settle_min": None,
        },
    )
    return report


def is_new_leg_symptom(runner: User, cleaned: dict[str, Any]) -> bool:
    """True when this report puts pain in a leg and no earlier diary entry did."""
    if cleaned.get("location") not in LEG_LOCATIONS:
        return False
    return not RunPain.objects.filter(activity__owner=runner, location__in=LEG_LOCATIONS).exists()


@transaction.atomic
def record_checkin(runner: User, cleaned: dict[str, Any]) -> DailyCheckin:
    """Save the day's check-in; its morning pain is also the "next morning" answer of the
    runs of the day before that have none yet (the diary asks it the next day this way)."""
    fields = dict(cleaned)
    day = fields.pop("day")
    checkin, _ = DailyCheckin.objects.update_or_create(runner=runner, day=day, defaults=fields)
    yesterday = day - datetime.timedelta(days=1)
    for pain in RunPain.objects.filter(activity__owner=runner, next_morning__isnull=True):
        if timezone.localtime(pain.activity.start_utc).date() == yesterday:
            pain.next_morning = checkin.morning_pain
            pain.save(update_fields=["next_morning"])
    return checkin


@transaction.atomic
def record_manual_run(
    runner: User, *, started: datetime.datetime, duration_s: float, distance_m: float | None
) -> Activity:
    """A run without a watch file: a summary row with no samples."""
    return Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=started,
        elapsed_s=duration_s,
        moving_s=duration_s,
        distance_m=distance_m,
        source_name="entered by hand",
        source_format="manual",
        source_sha256=f"manual:{uuid.uuid4().hex}",
    )
