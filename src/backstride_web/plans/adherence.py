"""Adherence: which planned sessions were done or skipped, and the percentage.

Three things decide a planned day's status, strongest first:

1. the runner's own mark (:class:`~backstride_web.plans.models.SessionMark`, "done" or
   "skipped"), set from the overview or the session page;
2. for a planned *run* (``run_walk``, ``run``, ``race``) with no mark: an imported running
   activity of the runner (:class:`~backstride_web.activities.models.Activity`) that
   started on the same local day counts as done (:func:`matched_runs`);
3. otherwise the session is open.

**Adherence** = sessions done / sessions due so far. A session is due once its day has
passed; today's session counts only once it is marked or matched, so an evening run is not
"missed" in the morning. Skipped sessions count as due and not done. Sessions of earlier plan
revisions (a rebuild plans from tomorrow) come from ``RunnerPlan.past_sessions``
(:func:`keep_past_sessions`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone

from backstride.errors import InputError
from backstride.plan.model import Plan
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.plans.codec import plan_from_json
from backstride_web.plans.models import MarkStatus, RunnerPlan, SessionMark

RUN_KINDS = ("run_walk", "run", "race")
RUN_SPORTS = ("running",)
Status = Literal["done", "skipped", "open"]


@dataclass(frozen=True)
class PlannedDay:
    """One planned session and what became of it."""

    day: datetime.date
    kind: str
    title: str
    status: Status = "open"
    by: Literal["runner", "run", ""] = ""
    """Who decided: the runner's mark, a matched imported run, or nobody yet."""
    activity_id: int | None = None

    @property
    def is_run(self) -> bool:
        return self.kind in RUN_KINDS


@dataclass(frozen=True)
class Adherence:
    """Sessions done and due so far (skipped ones are due and not done)."""

    done: int
    skipped: int
    due: int

    @property
    def percent(self) -> int | None:
        """Whole per cent done, or ``None`` while nothing is due."""
        return round(100 * self.done / self.due) if self.due else None


def _session_dicts(plan: Plan, *, until: datetime.date) -> list[dict[str, str]]:
    return [
        {"day": s.day.isoformat(), "kind": s.kind, "title": s.title}
        for s in plan.sessions()
        if s.day <= until
    ]


def keep_past_sessions(row: RunnerPlan, *, today: datetime.date) -> list[dict[str, Any]]:
    """``row.past_sessions`` plus the stored plan's sessions due by ``today``.

    Call it before a rebuild replaces ``row.plan``: the new plan starts tomorrow, so without
    this the sessions already due would drop out of adherence. A day already kept is not
    added twice (the earlier revision's session stays).
    """
    kept: list[dict[str, Any]] = list(row.past_sessions or [])
    if not row.plan:
        return kept
    seen = {entry["day"] for entry in kept}
    for entry in _session_dicts(plan_from_json(row.plan), until=today):
        if entry["day"] not in seen:
            kept.append(entry)
            seen.add(entry["day"])
    return sorted(kept, key=lambda e: str(e["day"]))


def planned_days(row: RunnerPlan, plan: Plan) -> list[PlannedDay]:
    """Every planned session of this plan, earlier revisions included, by day."""
    found: dict[datetime.date, PlannedDay] = {}
    for entry in row.past_sessions or []:
        day = datetime.date.fromisoformat(str(entry["day"]))
        found[day] = PlannedDay(day, str(entry["kind"]), str(entry.get("title", "")))
    for s in plan.sessions():
        found.setdefault(s.day, PlannedDay(s.day, s.kind, s.title))
    return [found[d] for d in sorted(found)]


def matched_runs(runner: User, days: Iterable[datetime.date]) -> dict[datetime.date, Activity]:
    """The imported run that matches each of ``days`` (a planned run's day).

    A running activity of ``runner`` matches a planned run when it *starts* on the same
    local day (the site's time zone). **Ties**: several runs on one day still make one
    session done; the activity shown is the longest by moving time (elapsed time when the
    moving time is unknown), and the earlier start when those are equal. A run on a day
    without a planned run matches nothing; it is not moved to a neighbouring day.
    """
    wanted = set(days)
    if not wanted:
        return {}
    rows = Activity.objects.filter(
        owner=runner,
        sport__in=RUN_SPORTS,
        start_utc__date__gte=min(wanted) - datetime.timedelta(days=1),
        start_utc__date__lte=max(wanted) + datetime.timedelta(days=1),
    ).only("pk", "start_utc", "moving_s", "elapsed_s")
    found: dict[datetime.date, Activity] = {}
    for activity in rows.order_by("start_utc", "pk"):
        day = timezone.localtime(activity.start_utc).date()
        if day not in wanted:
            continue
        best = found.get(day)
        if best is None or _length(activity) > _length(best):
            found[day] = activity
    return found


def _length(activity: Activity) -> float:
    return float(activity.moving_s or activity.elapsed_s or 0)


def statuses(row: RunnerPlan, plan: Plan, *, today: datetime.date) -> list[PlannedDay]:
    """Every planned day up to ``today`` with its status (mark, else matched run, else open)."""
    days = [d for d in planned_days(row, plan) if d.day <= today]
    marks = {m.day: m for m in row.marks.filter(day__lte=today)}
    runs = matched_runs(row.runner, [d.day for d in days if d.is_run and d.day not in marks])
    found: list[PlannedDay] = []
    for d in days:
        mark = marks.get(d.day)
        if mark is not None:
            status: Status = "done" if mark.status == MarkStatus.DONE else "skipped"
            found.append(PlannedDay(d.day, d.kind, d.title, status, "runner"))
        elif d.day in runs:
            found.append(PlannedDay(d.day, d.kind, d.title, "done", "run", runs[d.day].pk))
        else:
            found.append(d)
    return found


def summary(days: Iterable[PlannedDay], *, today: datetime.date) -> Adherence:
    """Adherence over ``days`` (from :func:`statuses`): see the module docstring."""
    due = [d for d in days if d.day < today or (d.day == today and d.status != "open")]
    return Adherence(
        done=sum(d.status == "done" for d in due),
        skipped=sum(d.status == "skipped" for d in due),
        due=len(due),
    )


@transaction.atomic
def mark(
    row: RunnerPlan,
    day: datetime.date,
    status: str,
    *,
    today: datetime.date,
    now: datetime.datetime,
) -> SessionMark | None:
    """Store the runner's ``status`` ("done", "skipped", or "open" to clear) for ``day``.

    Raises :class:`~backstride.errors.InputError` when nothing is planned that day, the day
    is still to come, or the status is unknown; nothing is stored then.
    """
    if status not in ("done", "skipped", "open"):
        raise InputError(f"unknown status {status!r}", source="status")
    planned = next((d for d in planned_days(row, plan_from_json(row.plan)) if d.day == day), None)
    if planned is None:
        raise InputError("nothing was planned that day", source="day")
    if day > today:
        raise InputError("a session can be marked from its day on, not before", source="day")
    if status == "open":
        SessionMark.objects.filter(plan=row, day=day).delete()
        return None
    saved, _created = SessionMark.objects.update_or_create(
        plan=row, day=day, defaults={"status": status, "kind": planned.kind, "marked_at": now}
    )
    return saved
