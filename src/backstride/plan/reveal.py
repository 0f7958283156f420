"""Reveal a self-experiment's arm on the plan, on the day it applies (issue 9, M8 item 3).

A self-experiment (:mod:`backstride.experiments`) assigns each of its runs an arm (A or B)
by block-pair randomisation. The runner learns the arm **on the day**, not before: knowing
the coming allocation could change how he trains or rests before a run (allocation
concealment, CENT 2015 item 9; Kravitz & Duan, AHRQ n-of-1 guide 2014, ch. 4). So every
export takes ``today=`` and :func:`revealed` keeps only the arms of days up to ``today``;
a calendar or watch file downloaded today never holds a later day's arm.

An :class:`ArmReveal` is plain data (the web layer builds it from a stored experiment with
:func:`reveal_arm`). On a day with an arm, :func:`apply_arm` changes that day's run:

* the warm-up follows the arm: ``warmup_min`` > 0 sets the warm-up walk to that length,
  ``0`` removes it ("start running straight away"), ``None`` keeps the plan's warm-up;
* the description starts with what the arm asks (:meth:`ArmReveal.describe`): the
  headline ``Experiment: <title> — today: <arm>``, the instructions, the conditions to keep
  the same in both arms and the safety stop. The title stays; each export names the arm
  where it has room (the calendar's SUMMARY, the watch workout's name).

Only runs (``run_walk``, ``run``) carry an arm; a race, a walk or a strength day never does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from backstride.errors import InputError
from backstride.experiments.design import Arm, Design
from backstride.plan.model import Plan, Session

__all__ = [
    "ARM_KINDS",
    "ARM_WARMUP_MIN",
    "ArmReveal",
    "apply_arm",
    "reveal_arm",
    "revealed",
    "with_arms",
]

ARM_KINDS: Final = ("run_walk", "run")
ARM_WARMUP_MIN: Final = 12.0
"""Warm-up minutes for a warm-up arm that only sets a minimum (the template asks 10-15 min;
12 is the plan's default warm-up routine, :func:`backstride.plan.routines.warm_up`)."""


@dataclass(frozen=True, slots=True)
class ArmReveal:
    """The arm of one experiment run, as shown on the plan, in the calendar and on the watch.

    ``experiment`` is the experiment's title, ``arm`` the arm's label (``key`` is A or B);
    ``warmup_min`` is the warm-up the arm asks for in minutes (0: none; None: the plan's);
    ``fixed`` are the conditions kept the same in both arms; ``safety_stop_nrs`` the pain
    (0-10) above which the arm stops.
    """

    experiment: str
    arm: str
    key: str = ""
    instructions: str = ""
    fixed: tuple[str, ...] = ()
    warmup_min: float | None = None
    safety_stop_nrs: int | None = None

    def __post_init__(self) -> None:
        if not self.experiment.strip():
            raise InputError("the experiment needs a title", source="experiment")
        if not self.arm.strip():
            raise InputError("the arm needs a label", source="arm")
        if self.warmup_min is not None and not 0 <= self.warmup_min <= 60:
            raise InputError("a warm-up is 0 to 60 minutes", source="warmup_min")

    @property
    def headline(self) -> str:
        """``Experiment: <title> — today: <arm>``."""
        return f"Experiment: {self.experiment} — today: {self.arm}"

    @property
    def warm_up_line(self) -> str:
        """What the arm does to the warm-up, in plain words ("" when it keeps the plan's)."""
        if self.warmup_min is None:
            return ""
        if self.warmup_min == 0:
            return (
                "No warm-up today: start running at your usual pace straight away "
                "(this replaces the plan's warm-up)."
            )
        return (
            f"Warm-up today: {self.warmup_min:g} min easy walking or very easy jogging first "
            "(instead of the plan's warm-up)."
        )

    def describe(self) -> str:
        """Every line the runner needs on the day, headline first."""
        lines = [self.headline]
        if self.instructions.strip():
            lines.append(self.instructions.strip())
        if self.warm_up_line:
            lines.append(self.warm_up_line)
        if self.fixed:
            lines.append("Keep the same in both arms: " + "; ".join(self.fixed) + ".")
        if self.safety_stop_nrs is not None:
            lines.append(
                f"Safety stop: if pain goes above {self.safety_stop_nrs}/10 during the run or "
                "the next morning, stop and log it; new leg, bladder, bowel or saddle symptoms "
                "stop the experiment (redo the safety check)."
            )
        return "\n".join(lines)


def _warmup_for(arm: Arm) -> float | None:
    rule = arm.adherence
    if rule.check != "warmup_min":
        return None
    if rule.minimum is None or rule.minimum <= 0:
        return 0.0  # "at most N minutes" (no warm-up arm)
    wanted = max(rule.minimum, ARM_WARMUP_MIN)
    return min(wanted, rule.maximum) if rule.maximum is not None else wanted


def reveal_arm(design: Design, key: str, *, title: str | None = None) -> ArmReveal:
    """The reveal of arm ``key`` ("A" or "B") of ``design``; ``title`` defaults to its name.

    A warm-up arm (adherence check ``warmup_min``) sets the warm-up: its minimum, at least
    :data:`ARM_WARMUP_MIN` and at most its maximum; an arm with only a maximum means none.
    """
    if key not in ("A", "B"):
        raise InputError("an arm is A or B", source="arm")
    arm = design.arm("A" if key == "A" else "B")
    return ArmReveal(
        experiment=title or design.name,
        arm=arm.label,
        key=arm.key,
        instructions=arm.instructions,
        fixed=design.fixed,
        warmup_min=_warmup_for(arm),
        safety_stop_nrs=design.safety_stop_nrs,
    )


def revealed(arms: Mapping[date, ArmReveal] | None, *, today: date | None) -> dict[date, ArmReveal]:
    """The arms of days up to ``today`` (later ones are never revealed).

    ``today`` is required as soon as there is an arm: without it nothing can be revealed
    safely, and the caller must say which day it is.
    """
    if not arms:
        return {}
    if today is None:
        raise InputError("today is needed to reveal experiment arms", source="today")
    return {day: reveal for day, reveal in arms.items() if day <= today}


def apply_arm(session: Session, reveal: ArmReveal) -> Session:
    """``session`` as the arm asks: its warm-up and description (runs only)."""
    if session.kind not in ARM_KINDS:
        raise InputError(f"a {session.kind} session carries no experiment arm", source="arm")
    warmup = session.warmup_min if reveal.warmup_min is None else reveal.warmup_min
    return dataclasses.replace(
        session,
        warmup_min=warmup,
        description="\n\n".join(t for t in (reveal.describe(), session.description) if t),
    )


def _apply_all(sessions: Iterable[Session], arms: Mapping[date, ArmReveal]) -> list[Session]:
    out, used = [], set()
    for session in sessions:
        reveal = arms.get(session.day)
        if reveal is not None and session.kind in ARM_KINDS and session.day not in used:
            used.add(session.day)
            out.append(apply_arm(session, reveal))
        else:
            out.append(session)
    return out


def with_arms(plan: Plan, arms: Mapping[date, ArmReveal] | None, *, today: date | None) -> Plan:
    """The plan with each revealed arm (days up to ``today``) applied to that day's run."""
    shown = revealed(arms, today=today)
    if not shown:
        return plan
    weeks = tuple(
        dataclasses.replace(week, sessions=tuple(_apply_all(week.sessions, shown)))
        for week in plan.weeks
    )
    return dataclasses.replace(plan, weeks=weeks)
