"""The plan's data: races, run/walk levels, the runner's state, sessions, weeks and plans.

Built by :mod:`backstride.plan.runwalk`; see that module and docs/plan.md for the rules.
Durations are minutes (``_min``) or seconds (``_s``); days are :class:`datetime.date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from backstride.plan import rules

__all__ = [
    "CONTINUOUS",
    "LEVELS",
    "LONG_RUN_CAP_MIN",
    "RACES",
    "Feasibility",
    "Goal",
    "Level",
    "PastRun",
    "Plan",
    "Race",
    "RunnerState",
    "Session",
    "Week",
    "start_level",
    "target_long_min",
]


@dataclass(frozen=True, slots=True)
class Race:
    """A goal race: distance, taper weeks and the share of it the long run should reach."""

    id: str
    name: str
    distance_km: float
    taper_weeks: int
    long_fraction: float


RACES: Final[dict[str, Race]] = {
    r.id: r
    for r in (
        Race("5k", "5 km", 5.0, 1, 1.0),
        Race("10k", "10 km", 10.0, 1, 1.0),
        Race("half", "Half marathon", 21.1, 2, 0.8),
        Race("marathon", "Marathon", 42.2, 3, 0.7),
        Race("tri_sprint", "Sprint triathlon (5 km run)", 5.0, 1, 1.0),
        Race("tri_olympic", "Olympic triathlon (10 km run)", 10.0, 1, 1.0),
        Race("tri_half", "Half-distance triathlon (21.1 km run)", 21.1, 2, 0.8),
        Race("tri_full", "Full-distance triathlon (42.2 km run)", 42.2, 3, 0.7),
    )
}
LONG_RUN_CAP_MIN: Final = 180.0


@dataclass(frozen=True, slots=True)
class Level:
    """One run/walk level: run ``run_s`` then walk ``walk_s``; ``walk_s == 0`` is continuous."""

    index: int
    run_s: int
    walk_s: int

    @property
    def continuous(self) -> bool:
        return self.walk_s == 0

    def describe(self) -> str:
        if self.continuous:
            return "continuous easy running"
        return f"run {_mmss(self.run_s)} / walk {_mmss(self.walk_s)}"


LEVELS: Final[tuple[Level, ...]] = tuple(
    Level(i, run, walk)
    for i, (run, walk) in enumerate(
        (
            (60, 120),
            (120, 120),
            (180, 120),
            (240, 120),
            (240, 60),
            (360, 60),
            (540, 60),
            (840, 120),
            (0, 0),
        )
    )
)
CONTINUOUS: Final = len(LEVELS) - 1


def _mmss(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True, slots=True)
class Goal:
    """The race (a key of :data:`RACES`) and its date."""

    race: str
    race_day: date


@dataclass(frozen=True, slots=True)
class PastRun:
    """A recent run: its day and minutes on feet (moving time)."""

    day: date
    duration_min: float


@dataclass(frozen=True, slots=True)
class RunnerState:
    """Where the runner is now.

    ``pain_free_run_min`` is how long they can run continuously before pain (0 = not yet);
    ``level`` overrides the start level (set by :mod:`~backstride.plan.adapt`);
    ``first_week_cap_min`` caps the first week's sessions (hold or step back).
    """

    recent: tuple[PastRun, ...] = ()
    pain_free_run_min: float = 0.0
    easy_pace_s_per_km: float = 420.0
    level: int | None = None
    first_week_cap_min: float | None = None


@dataclass(frozen=True, slots=True)
class Session:
    """One planned day: a run (``run_walk``, ``run``), ``walk``, ``strength`` or ``race``.

    ``main_min`` is the main set on feet; the run/walk structure is ``repeats`` x
    (``run_s`` + ``walk_s``). Warm-up and cool-down are walks (with drills in the warm-up).
    """

    day: date
    week: int
    kind: str
    role: str
    main_min: float
    level: int
    run_s: int = 0
    walk_s: int = 0
    repeats: int = 0
    warmup_min: float = 0.0
    cooldown_min: float = 0.0
    title: str = ""
    description: str = ""
    tail_walk_s: int = 0
    """A walk after the last run/walk cycle so the main set fills its minutes."""

    @property
    def total_min(self) -> float:
        return self.warmup_min + self.main_min + self.cooldown_min

    @property
    def is_run(self) -> bool:
        return self.kind in ("run_walk", "run", "race")


@dataclass(frozen=True, slots=True)
class Week:
    """A plan week: ``phase`` is return, build, deload, taper or race."""

    index: int
    start: date
    end: date
    phase: str
    level: int
    sessions: tuple[Session, ...]
    step: str = ""
    planned_long_min: float = 0.0
    """The long run the rules allowed this week; sessions round down to whole run/walk cycles."""

    @property
    def volume_min(self) -> float:
        """Minutes on feet of the week's runs and walks (race excluded)."""
        return sum(s.main_min for s in self.sessions if s.kind in ("run_walk", "run", "walk"))

    @property
    def long_min(self) -> float:
        return max((s.main_min for s in self.sessions if s.role == "long"), default=0.0)

    def summary_json(self) -> dict[str, Any]:
        """The week and its sessions in outline, as the CLI's and the API's JSON show it."""
        return {
            "index": self.index,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "phase": self.phase,
            "level": self.level,
            "volume_min": round(self.volume_min, 1),
            "sessions": [
                {
                    "day": s.day.isoformat(),
                    "kind": s.kind,
                    "title": s.title,
                    "main_min": round(s.main_min, 1),
                    "total_min": round(s.total_min, 1),
                }
                for s in self.sessions
            ],
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan: weeks of sessions, the pain rule and sources; ``walking_only`` under URGENT."""

    goal: Goal | None
    created_on: date
    weeks: tuple[Week, ...]
    target_long_min: float
    walking_only: bool = False
    pain_rule: str = rules.PAIN_RULE
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = rules.SOURCES

    def sessions(self) -> list[Session]:
        return [s for w in self.weeks for s in w.sessions]


@dataclass(frozen=True, slots=True)
class Feasibility:
    """Whether a goal fits; if not, the earliest realistic race day and the races that fit."""

    feasible: bool
    message: str
    target_long_min: float
    peak_long_min: float
    earliest_race_day: date | None = None
    feasible_races: tuple[str, ...] = field(default=())


def start_level(pain_free_run_min: float) -> int:
    """Highest level whose run interval is at most 75 % of the pain-free running time;
    continuous from 30 pain-free minutes (where return-to-run protocols end)."""
    if pain_free_run_min >= 30:
        return CONTINUOUS
    fitting = [lv.index for lv in LEVELS[:-1] if lv.run_s / 60 <= 0.75 * pain_free_run_min]
    return max(fitting, default=0)


def target_long_min(race: Race, easy_pace_s_per_km: float) -> float:
    """The long run the race needs, in minutes at easy pace (capped at 3 h)."""
    return min(LONG_RUN_CAP_MIN, race.long_fraction * race.distance_km * easy_pace_s_per_km / 60)
