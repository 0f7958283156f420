"""Apply the pain-monitoring rule to last week's diary: progress, hold, step back or stop.

The rule (KNOWLEDGE.md §7 and Implication 12; DESIGN.md §4; thresholds in
:mod:`backstride.plan.rules`; Silbernagel, AJSM 2007 - use for back pain is an extrapolation):

* any **new leg, numbness, bladder, bowel or saddle symptom** -> ``stop``: redo the red-flag
  screen and see a clinician before any more running;
* fewer than **two sessions** with pain logged -> ``hold`` (each step is done twice);
* pain during any session **above 5/10**, or next-morning pain **above the usual**
  (baseline) -> ``step_back``; morning pain **rising week on week** also prompts a clinician;
* pain during sessions **4-5/10** -> ``hold`` (repeat the week);
* otherwise (all <= 3/10 and mornings not above usual) -> ``progress``.

:func:`next_state` turns the decision into the :class:`~backstride.plan.model.RunnerState`
for re-planning: progress moves one run/walk level up (the first continuous week stays
<= 30 min), hold repeats the week's
level and long run, step back goes one run/walk level down and caps the next long run at
80 % of last week's.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from statistics import fmean
from typing import Final

from backstride.errors import InputError
from backstride.plan import rules
from backstride.plan.model import CONTINUOUS, PastRun, RunnerState, Week

__all__ = [
    "ALARM_SYMPTOMS",
    "Adjustment",
    "Decision",
    "SessionOutcome",
    "next_state",
    "review_week",
]

ALARM_SYMPTOMS: Final = frozenset(
    {"leg", "numbness", "tingling", "weakness", "bladder", "bowel", "saddle"}
)
STEP_BACK_LONG_FACTOR: Final = 0.8


class Decision(enum.StrEnum):
    """What the pain rule says for next week."""

    PROGRESS = "progress"
    HOLD = "hold"
    STEP_BACK = "step_back"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """One planned session as logged: done?, pain during (0-10), pain next morning (0-10),
    and any new kinds of symptoms (see :data:`ALARM_SYMPTOMS`)."""

    day: date
    done: bool
    pain_during: int | None = None
    pain_next_morning: int | None = None
    new_symptoms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Adjustment:
    """The decision and every reason for it, ready to show in the plan's history."""

    decision: Decision
    reasons: tuple[str, ...]
    see_clinician: bool = False
    rescreen: bool = False
    morning_mean: float | None = None
    sources: tuple[str, ...] = rules.SOURCES


def _pain(value: int | None, field: str) -> None:
    if value is not None and not 0 <= value <= 10:
        raise InputError(f"pain must be 0-10, not {value}", source=field)


def review_week(
    outcomes: Sequence[SessionOutcome],
    *,
    baseline_morning_pain: float,
    previous_morning_means: Sequence[float] = (),
) -> Adjustment:
    """Apply the pain rule to one week of logged sessions.

    ``baseline_morning_pain`` is the runner's usual morning pain (0-10) before the plan;
    ``previous_morning_means`` the mean morning pain of earlier weeks, oldest first.
    """
    for o in outcomes:
        _pain(o.pain_during, "pain_during")
        _pain(o.pain_next_morning, "pain_next_morning")
    mornings = [o.pain_next_morning for o in outcomes if o.done and o.pain_next_morning is not None]
    morning_mean = fmean(mornings) if mornings else None
    alarms = sorted({s for o in outcomes for s in o.new_symptoms if s in ALARM_SYMPTOMS})
    if alarms:
        return Adjustment(
            Decision.STOP,
            (
                f"new symptoms logged ({', '.join(alarms)}): stop running, redo the safety check "
                "and see a clinician before going on",
            ),
            see_clinician=True,
            rescreen=True,
            morning_mean=morning_mean,
        )
    logged = [o for o in outcomes if o.done and o.pain_during is not None]
    if len(logged) < rules.MIN_SESSIONS_PER_STEP:
        return Adjustment(
            Decision.HOLD,
            (
                f"only {len(logged)} session(s) logged with pain scores; each step is done at "
                f"least {rules.MIN_SESSIONS_PER_STEP} times before moving on",
            ),
            morning_mean=morning_mean,
        )
    worst = max(o.pain_during or 0 for o in logged)
    reasons: list[str] = []
    step_back = False
    if worst > rules.PAIN_ACCEPTABLE_MAX:
        step_back = True
        reasons.append(
            f"pain reached {worst}/10 during a session (above {rules.PAIN_ACCEPTABLE_MAX}/10)"
        )
    above = [m for m in mornings if m > baseline_morning_pain]
    if above:
        step_back = True
        reasons.append(
            f"next-morning pain was above your usual ({baseline_morning_pain:g}/10) after "
            f"{len(above)} session(s): it had not settled"
        )
    rising = (
        morning_mean is not None
        and bool(previous_morning_means)
        and morning_mean > previous_morning_means[-1]
        and morning_mean > baseline_morning_pain
    )
    if rising:
        reasons.append("morning pain is rising week on week: please see a clinician")
    if step_back:
        return Adjustment(
            Decision.STEP_BACK, tuple(reasons), see_clinician=rising, morning_mean=morning_mean
        )
    if worst > rules.PAIN_SAFE_MAX:
        return Adjustment(
            Decision.HOLD,
            (f"pain reached {worst}/10 (acceptable, 4-5): repeat this week before moving on",),
            morning_mean=morning_mean,
        )
    return Adjustment(
        Decision.PROGRESS,
        (
            f"pain stayed at or below {rules.PAIN_SAFE_MAX}/10 and mornings were not above"
            " your usual",
        ),
        morning_mean=morning_mean,
    )


def next_state(
    state: RunnerState,
    week: Week,
    adjustment: Adjustment,
    *,
    recent: Sequence[PastRun] | None = None,
) -> RunnerState:
    """The runner's state for re-planning after ``week`` given ``adjustment``.

    ``recent`` (the runs actually done, from the diary or imports) replaces the state's
    history when given, so the load-spike rule sees what really happened.
    """
    history = tuple(recent) if recent is not None else state.recent
    long_min = week.planned_long_min or week.long_min
    if adjustment.decision is Decision.PROGRESS:
        level = min(week.level + 1, CONTINUOUS)
        cap = rules.FIRST_CONTINUOUS_MAX_MIN if level > week.level == CONTINUOUS - 1 else None
        return replace(state, recent=history, level=level, first_week_cap_min=cap)
    if adjustment.decision is Decision.HOLD:
        return replace(state, recent=history, level=week.level, first_week_cap_min=long_min or None)
    return replace(
        state,
        recent=history,
        level=max(week.level - 1, 0),
        first_week_cap_min=STEP_BACK_LONG_FACTOR * long_min if long_min else None,
    )
