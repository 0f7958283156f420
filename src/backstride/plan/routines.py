"""Routines built from the exercise library: desk micro-breaks, pre-run warm-up, optional
post-run stretching and strength sessions, each item dosed and with the reason it is there.

Rules (KNOWLEDGE.md §6 and Implications 13-14; DESIGN.md §4):

* **Desk micro-breaks**: a 2-3 minute set each hour of sitting on work days (the runner's
  advisers suggested ~10 reps every hour; 4.5 h sitting raised low-back muscle stiffness,
  Kett 2021 - weak evidence).
* **Warm-up** (default 12 min, 8-20 allowed): easy jog or brisk walk, then dynamic drills.
  Dynamic stretching within minutes of activity gives small gains; static stretching is
  optional and kept under 60 s per muscle (Behm 2016). Warm-up works mainly via temperature
  (Bishop 2003); that it abolishes the back "pump" is untested (an n-of-1 candidate).
* **Post-run stretching is optional**: stretching prevents no injuries (RR 0.96) and barely
  changes soreness; "stretch after, not before" is not supported (Herbert, Cochrane 2011;
  Lauersen, BJSM 2014).
* **Strength** 2-3 times a week (strength training RR 0.32 for sports injuries, Lauersen
  2014). Dose steps up every two weeks; every 4th week is lighter (base dose); from week 7
  the exercise's own progression is suggested when the pain rule has been met.

Items that target a contributor the runner's ranking named come first and say so. Every
function takes the red-flag :class:`~backstride.assess.redflags.Allowed` and raises
:class:`~backstride.errors.SafetyBlockError` when exercises are not allowed. Nothing here
reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from backstride.assess.redflags import Allowed
from backstride.errors import InputError, SafetyBlockError
from backstride.plan.exercises import Dose, Exercise, for_contributors, get

__all__ = [
    "Routine",
    "RoutineItem",
    "desk_break",
    "post_run",
    "require_allowed",
    "strength",
    "warm_up",
]

WARM_UP_MIN_RANGE: Final = (8, 20)
STATIC_STRETCH_MAX_S: Final = 60
_DESK_DEFAULT: Final = (
    "knee_to_chest",
    "lumbar_rotation",
    "hip_flexor_stretch",
    "standing_back_extension",
)
_WARM_UP_DRILLS: Final = (
    "leg_swings_front",
    "leg_swings_side",
    "walking_lunges",
    "high_knees",
    "butt_kicks",
)
_POST_DEFAULT: Final = (
    "hip_flexor_stretch",
    "standing_quad_stretch",
    "hamstring_stretch",
    "calf_stretch",
)
_STRENGTH_CORE: Final = ("mcgill_curl_up", "side_bridge", "bird_dog", "glute_bridge")
_STRENGTH_EXTRA: Final = ("side_lying_abduction", "split_squat", "calf_raise")


@dataclass(frozen=True, slots=True)
class RoutineItem:
    """One exercise with the dose for this routine and why it is included."""

    exercise: Exercise
    dose: Dose
    why: str
    contributors: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Routine:
    """A dosed routine: ``kind`` is desk_break, warm_up, post_run or strength."""

    kind: str
    title: str
    items: tuple[RoutineItem, ...]
    minutes: float
    notes: tuple[str, ...]
    optional: bool = False

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source behind the items, without repeats."""
        return tuple(dict.fromkeys(s for item in self.items for s in item.exercise.source))


def require_allowed(allowed: Allowed, *, running: bool = False) -> None:
    """Raise :class:`SafetyBlockError` unless the red-flag state allows exercises (and running)."""
    if not allowed.exercises or (running and not allowed.running):
        reason = allowed.reason or "a red-flag answer needs a clinician's check first"
        raise SafetyBlockError(f"exercise plans are paused: {reason}")


def _why(exercise: Exercise, wanted: Sequence[str], default: str) -> tuple[str, tuple[str, ...]]:
    hits = tuple(c for c in wanted if c in exercise.contributors)
    if hits:
        names = ", ".join(h.replace("_", " ") for h in hits)
        return f"targets a possible contributor in your ranking: {names}", hits
    return default, ()


def _pick(
    category: str, wanted: Sequence[str], defaults: Iterable[str], count: int
) -> list[Exercise]:
    chosen: list[Exercise] = []
    for exercise in [*for_contributors(category, wanted), *(get(i) for i in defaults)]:
        if exercise not in chosen:
            chosen.append(exercise)
    return chosen[:count]


def _items(
    exercises: Iterable[Exercise], wanted: Sequence[str], default: str
) -> tuple[RoutineItem, ...]:
    items = []
    for exercise in exercises:
        why, hits = _why(exercise, wanted, default)
        items.append(RoutineItem(exercise, exercise.dose, why, hits))
    return tuple(items)


def desk_break(allowed: Allowed, contributors: Sequence[str] = ()) -> Routine:
    """A 2-3 minute micro-break for each hour of sitting: one set of each of 4 movements."""
    require_allowed(allowed)
    chosen = _pick("desk_break", contributors, _DESK_DEFAULT, 4)
    items = tuple(
        RoutineItem(
            i.exercise,
            Dose(
                1,
                i.dose.reps,
                min(i.dose.hold_s, 20),
                0,
                i.dose.per_side,
                0,
                "each hour of sitting",
            ),
            i.why,
            i.contributors,
        )
        for i in _items(chosen, contributors, "breaks up long sitting (default desk set)")
    )
    notes = (
        "Each hour you sit: stand up and do this set (about 2-3 minutes).",
        "Evidence is weak: long sitting raised low-back muscle stiffness (Kett 2021);"
        " the hourly habit is expert advice.",
    )
    return Routine("desk_break", "Desk micro-break", items, _minutes(items), notes)


def warm_up(allowed: Allowed, minutes: int = 12, contributors: Sequence[str] = ()) -> Routine:
    """A pre-run warm-up of ``minutes`` (8-20): easy jog/brisk walk, then dynamic drills."""
    require_allowed(allowed, running=True)
    low, high = WARM_UP_MIN_RANGE
    if not low <= minutes <= high:
        raise InputError(
            f"warm-up length must be {low}-{high} minutes, not {minutes}", source="minutes"
        )
    drills = [get(i) for i in _WARM_UP_DRILLS]
    if "hip_flexor_tightness" in contributors:
        drills.insert(0, get("hip_flexor_stretch"))
    drill_items = _items(
        drills, contributors, "dynamic drill: small performance gains before running (Behm 2016)"
    )
    drill_items = tuple(
        RoutineItem(
            i.exercise,
            Dose(
                1,
                i.dose.reps,
                min(i.dose.hold_s, 30),
                i.dose.duration_s,
                i.dose.per_side,
                0,
                "before runs",
            ),
            i.why,
            i.contributors,
        )
        for i in drill_items
    )
    drill_s = sum(i.dose.estimated_s for i in drill_items)
    easy_s = max(5 * 60.0, minutes * 60.0 - drill_s)
    easy = get("easy_jog_or_brisk_walk")
    why, hits = _why(
        easy, contributors, "raises muscle temperature; the main point of a warm-up (Bishop 2003)"
    )
    first = RoutineItem(easy, Dose(1, 0, 0, round(easy_s), False, 0, "before every run"), why, hits)
    items = (first, *drill_items)
    notes = (
        "Start with easy movement, then the drills, then start the run easily.",
        "Static stretches are optional before running; keep them under"
        f" {STATIC_STRETCH_MAX_S} s per muscle (Behm 2016).",
        "Whether a longer warm-up delays your back pain is worth testing as a self-experiment.",
    )
    return Routine("warm_up", f"{minutes}-minute warm-up", items, _minutes(items), notes)


def post_run(allowed: Allowed, contributors: Sequence[str] = ()) -> Routine:
    """Optional post-run stretches, each held at most 60 s."""
    require_allowed(allowed)
    chosen = _pick("post_run", contributors, _POST_DEFAULT, 5)
    items = _items(chosen, contributors, "optional comfort stretch")
    notes = (
        "Optional. Stretching after runs does not prevent injury (RR 0.96)"
        " and barely changes next-day soreness.",
        "'Stretch after, not before' is not supported by the evidence"
        " (Herbert, Cochrane 2011; Lauersen 2014).",
    )
    return Routine(
        "post_run", "Post-run stretches (optional)", items, _minutes(items), notes, optional=True
    )


def _progressed(dose: Dose, week: int) -> Dose:
    if week % 4 == 0:
        return dose
    step = (week - 1) // 2
    if dose.hold_s and not dose.reps > 1:
        return dose.scaled(extra_hold_s=min(step * 5, 30))
    if step >= 2:
        return dose.scaled(extra_sets=1, extra_reps=min(step - 1, 3))
    return dose.scaled(extra_reps=2 * step if dose.reps else 0, extra_hold_s=0)


def strength(allowed: Allowed, week: int = 1, contributors: Sequence[str] = ()) -> Routine:
    """The strength session for plan week ``week`` (1-based), for 2-3 sessions a week.

    McGill's Big 3 plus a glute bridge always; up to two extra exercises chosen for the
    runner's contributors (or hip abduction and split squat by default). Doses step up every
    two weeks, every 4th week uses the base dose, and from week 7 the next harder variant is
    suggested in ``note``.
    """
    require_allowed(allowed)
    if week < 1:
        raise InputError(f"week must be 1 or later, not {week}", source="week")
    extra = [
        e for e in _pick("strength", contributors, _STRENGTH_EXTRA, 6) if e.id not in _STRENGTH_CORE
    ][:2]
    base = _items(
        [*(get(i) for i in _STRENGTH_CORE), *extra],
        contributors,
        "strength work: the exercise type with the best injury evidence (Lauersen 2014)",
    )
    items = []
    for item in base:
        note = ""
        if week >= 7 and week % 4 and item.exercise.progression:
            note = f"if the pain rule has held for 2 weeks, try: {item.exercise.progression[0]}"
        items.append(
            RoutineItem(
                item.exercise, _progressed(item.dose, week), item.why, item.contributors, note
            )
        )
    notes = (
        "2-3 times a week on days without a run, or after an easy run.",
        "Stop any exercise that brings on sharp pain or leg symptoms; effort should feel moderate.",
        "Lighter week" if week % 4 == 0 else f"Week {week}: dose steps up every two weeks.",
    )
    return Routine(
        "strength", f"Strength, week {week}", tuple(items), _minutes(tuple(items)), notes
    )


def _minutes(items: Sequence[RoutineItem]) -> float:
    transitions_s = 10.0 * max(len(items) - 1, 0)
    return round((sum(i.dose.estimated_s for i in items) + transitions_s) / 60.0, 1)
