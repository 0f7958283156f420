"""Self-experiment arms for the plan pages and exports, revealed on their day only.

The experiments app decides which arm each day carries (:mod:`backstride_web.experiments.
services`); this module turns them into the core's :class:`~backstride.plan.reveal.ArmReveal`
for the plan. Blinding: nothing here returns the arm of a day after ``today`` (the local day
of ``now``), and the core's exports drop any that slipped through.

Before an arm is shown, each active experiment's status is brought up to date
(:func:`~backstride_web.experiments.services.refresh`), so an arm halted by the safety stop
(pain above 5/10, red-flag symptoms) or a finished experiment is never shown as today's arm.
"""

from __future__ import annotations

import datetime
from typing import Final

from django.utils import timezone

from backstride.errors import InputError
from backstride.plan.reveal import ArmReveal, reveal_arm
from backstride_web.accounts.models import User
from backstride_web.experiments import services as experiments
from backstride_web.experiments.models import Experiment

__all__ = ["EXPORT_DAYS", "arm_for", "revealed_arms"]

EXPORT_DAYS: Final = 28
"""How far back the exports carry revealed arms (the plan's recent past)."""


def _active(runner: User, now: datetime.datetime) -> list[Experiment]:
    found = []
    for experiment in experiments.active_experiments(runner):
        try:
            experiment = experiments.refresh(experiment, now)
        except InputError:  # an altered record: its arms cannot be trusted
            continue
        if experiment.is_active:
            found.append(experiment)
    return found


def arm_for(runner: User, day: datetime.date, *, now: datetime.datetime) -> ArmReveal | None:
    """The arm of ``day`` if that day has come (local day of ``now``), else None; also None
    without an active experiment, on a run-in day or a day between experiment runs."""
    if day > timezone.localtime(now).date() or not _active(runner, now):
        return None
    found = experiments.revealed_arm(runner, day, now=now)
    if found is None:
        return None
    experiment, arm = found
    return reveal_arm(experiments.design_of(experiment), arm.key, title=experiment.name)


def revealed_arms(
    runner: User, *, now: datetime.datetime, days: int = EXPORT_DAYS
) -> dict[datetime.date, ArmReveal]:
    """Every arm of the runner's active experiments on the ``days`` days up to today (local
    day of ``now``), today included; never a later day's."""
    today = timezone.localtime(now).date()
    first = today - datetime.timedelta(days=days)
    out: dict[datetime.date, ArmReveal] = {}
    for experiment in _active(runner, now):
        try:
            schedule = experiments.schedule_of(experiment)
        except InputError:
            continue
        for slot in schedule.slots:
            if slot.arm is None or slot.first_day > today or slot.last_day < first:
                continue
            reveal = reveal_arm(schedule.design, slot.arm, title=experiment.name)
            day = max(slot.first_day, first)
            while day <= min(slot.last_day, today):
                out.setdefault(day, reveal)
                day += datetime.timedelta(days=1)
    return out
