"""Walking only while running is paused (red-flag tier URGENT).

KNOWLEDGE.md §1 and ``knowledge/redflags.toml`` (tier URGENT, after the IFOMPT framework,
Finucane et al. JOSPT 2020): see a doctor within 24-48 h; running and strength work are
paused until then, easy walking is fine. :func:`walking_only` turns the runner's plan into
that: for the next ``days`` days each planned run, run/walk, walk or race day becomes a brisk
walk on flat ground of the same minutes on feet (main set; at least
:data:`WALK_MIN_MIN`, at most :data:`WALK_MAX_MIN`), and strength days are dropped. Without
a plan (or with nothing planned in the window) it gives a daily walk of :data:`WALK_MIN_MIN`.

The walks have no running intervals (``run_s == 0``, ``repeats == 0``), no warm-up drills and
no exercises, so the calendar and watch exports built from them carry walks only. The result
is a view, never stored: once the runner confirms a clinician has cleared them, the stored
plan shows again unchanged.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from backstride.errors import InputError
from backstride.plan import rules
from backstride.plan.model import Plan, Session, Week

__all__ = [
    "DEFAULT_DAYS",
    "PAUSE_NOTE",
    "WALKABLE_KINDS",
    "WALK_MAX_MIN",
    "WALK_MIN_MIN",
    "daily_walks",
    "walking_only",
]

WALK_MIN_MIN: Final = rules.SESSION_FLOOR_MIN
"""Shortest walk offered: the plan's session floor (20 min)."""
WALK_MAX_MIN: Final = 30.0
"""Longest walk offered while waiting for the doctor: "easy walking", not a long-run substitute."""
DEFAULT_DAYS: Final = 14
"""How far ahead the walking view reaches; the doctor's visit is due within 24-48 h."""
WALKABLE_KINDS: Final = frozenset({"run_walk", "run", "walk", "race"})
"""Session kinds that become a walk; ``strength`` is dropped (exercises are paused too)."""
PAUSE_NOTE: Final = "Running is paused until a doctor has seen you (within 24–48 h)."


def _minutes(main_min: float) -> float:
    return float(min(WALK_MAX_MIN, max(WALK_MIN_MIN, round(main_min))))


def _walk(day: date, week: int, minutes: float, instead_of: str) -> Session:
    text = (
        f"Brisk walk, {minutes:.0f} min on flat ground, at a pace at which you can still talk. "
        "No running, no strength exercises. "
        + (f"Instead of: {instead_of}. " if instead_of else "")
        + f"{PAUSE_NOTE} Stop and seek care at once if your legs get weaker or numb, or your "
        "bladder or bowel changes."
    )
    return Session(
        day, week, "walk", "easy", minutes, 0, title="Brisk walk (running paused)", description=text
    )


def _check(start: date, days: int) -> None:
    if not 1 <= days <= 56:
        raise InputError(f"days must be 1-56, not {days}", source="days")


def daily_walks(start: date, *, days: int = DEFAULT_DAYS) -> Plan:
    """A walk of :data:`WALK_MIN_MIN` each day from ``start`` for ``days`` days."""
    _check(start, days)
    weeks = []
    for k in range((days + 6) // 7):
        first = start + timedelta(days=7 * k)
        count = min(7, days - 7 * k)
        sessions = tuple(
            _walk(first + timedelta(days=o), k, WALK_MIN_MIN, "") for o in range(count)
        )
        weeks.append(Week(k, first, first + timedelta(days=6), "walk", 0, sessions, "walking only"))
    return Plan(None, start, tuple(weeks), 0.0, walking_only=True, notes=(PAUSE_NOTE,))


def walking_only(plan: Plan | None, *, start: date, days: int = DEFAULT_DAYS) -> Plan:
    """The walking version of ``plan`` from ``start`` for ``days`` days (see the module doc).

    ``plan`` is not changed. Raises :class:`InputError` (``source="days"``) for a window
    outside 1-56 days.
    """
    _check(start, days)
    if plan is None:
        return daily_walks(start, days=days)
    end = start + timedelta(days=days)
    weeks = []
    for week in plan.weeks:
        sessions = tuple(
            _walk(
                s.day, s.week, _minutes(s.main_min), f"{s.title or s.kind} ({s.total_min:.0f} min)"
            )
            for s in week.sessions
            if s.kind in WALKABLE_KINDS and start <= s.day < end
        )
        if sessions:
            weeks.append(
                Week(week.index, week.start, week.end, "walk", 0, sessions, "walking only")
            )
    if not weeks:
        return daily_walks(start, days=days)
    return Plan(
        plan.goal,
        plan.created_on,
        tuple(weeks),
        0.0,
        walking_only=True,
        notes=(PAUSE_NOTE,),
    )
