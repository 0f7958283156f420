"""Typed access to the exercise library, ``knowledge/exercises.toml``.

Every exercise carries a default :class:`Dose`, the possible contributors it targets, its
source and evidence grade (DESIGN.md §4; KNOWLEDGE.md §6 and Implication 14: dose fields,
contraindications and a source on every entry) and a stick-figure illustration drawn
from its ``[[exercise.pose]]`` tables (:mod:`backstride.plan.figures`). Where common advice
fails the evidence the entry says so in ``folk_check`` (e.g. "stretch after, not before" is
not supported: Herbert, Cochrane 2011; Lauersen, BJSM 2014).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from backstride import knowledge
from backstride.errors import ConfigurationError, InputError
from backstride.plan import figures

__all__ = [
    "CATEGORIES",
    "Dose",
    "Exercise",
    "by_category",
    "contributor_ids",
    "for_contributors",
    "get",
    "library",
]

_FILE: Final = "exercises"
CATEGORIES: Final[tuple[str, ...]] = ("desk_break", "warm_up", "strength", "post_run")
REP_S: Final = 3.0
"""Seconds we assume one repetition takes, for time estimates only."""


@dataclass(frozen=True, slots=True)
class Dose:
    """Sets, reps or hold (or a timed drill), per side or not, rest, and how often."""

    sets: int
    reps: int
    hold_s: int
    duration_s: int
    per_side: bool
    rest_s: int
    frequency: str

    @property
    def estimated_s(self) -> float:
        """Rough time for the whole dose in seconds (rest between sets included)."""
        if self.duration_s:
            one_set = float(self.duration_s)
        else:
            one_set = max(self.reps, 1) * max(float(self.hold_s), REP_S)
        sides = 2 if self.per_side else 1
        return self.sets * one_set * sides + max(self.sets - 1, 0) * self.rest_s

    def describe(self) -> str:
        """The dose in plain words, e.g. ``"3 x 5 reps, hold 8 s, rest 30 s"``."""
        if self.duration_s:
            what = f"{self.sets} x {self.duration_s} s"
        elif self.reps > 1 or not self.hold_s:
            what = f"{self.sets} x {self.reps} reps"
            if self.hold_s:
                what += f", hold {self.hold_s} s"
        else:
            what = f"{self.sets} x hold {self.hold_s} s"
        if self.per_side:
            what += " each side"
        if self.rest_s and self.sets > 1:
            what += f", rest {self.rest_s} s"
        return what

    def scaled(self, *, extra_sets: int = 0, extra_reps: int = 0, extra_hold_s: int = 0) -> Dose:
        """The same dose made a step harder (used for weekly progression)."""
        return Dose(
            sets=self.sets + extra_sets,
            reps=self.reps + extra_reps if self.reps else 0,
            hold_s=self.hold_s + extra_hold_s if self.hold_s else 0,
            duration_s=self.duration_s,
            per_side=self.per_side,
            rest_s=self.rest_s,
            frequency=self.frequency,
        )


@dataclass(frozen=True, slots=True)
class Exercise:
    """One library entry; ``contributors`` are ids of possible contributors it targets."""

    id: str
    name: str
    categories: tuple[str, ...]
    purpose: str
    steps: tuple[str, ...]
    dose: Dose
    progression: tuple[str, ...]
    regression: tuple[str, ...]
    cautions: tuple[str, ...]
    contributors: tuple[str, ...]
    evidence_note: str
    folk_check: str
    source: tuple[str, ...]
    evidence: str
    poses: tuple[figures.Pose, ...] = ()
    """Key poses for the stick-figure illustration (``[[exercise.pose]]``)."""

    def svg(self) -> str:
        """The exercise's stick-figure illustration as inline SVG (:mod:`.figures`)."""
        return figures.render_svg(self.name, self.steps, self.poses)


def _dose(entry: dict[str, Any], where: str) -> Dose:
    table = entry.get("dose")
    if not isinstance(table, dict):
        raise ConfigurationError(f"exercises.toml {where}: no dose table")
    dose = Dose(
        sets=knowledge.as_int(table, "sets"),
        reps=knowledge.as_int(table, "reps"),
        hold_s=knowledge.as_int(table, "hold_s"),
        duration_s=knowledge.as_int(table, "duration_s"),
        per_side=bool(table.get("per_side")),
        rest_s=knowledge.as_int(table, "rest_s"),
        frequency=knowledge.as_str(table, "frequency"),
    )
    if dose.sets < 1 or not (dose.reps or dose.hold_s or dose.duration_s):
        raise ConfigurationError(f"exercises.toml {where}: dose needs sets and reps, hold or time")
    return dose


@functools.cache
def library() -> tuple[Exercise, ...]:
    """Every exercise in file order (parsed once)."""
    data = knowledge.load(_FILE)
    known = set(contributor_ids())
    found: list[Exercise] = []
    for entry in knowledge.as_tables(data, "exercise"):
        ex_id = knowledge.as_str(entry, "id")
        steps = tuple(knowledge.as_str_list(entry, "steps"))
        categories = tuple(knowledge.as_str_list(entry, "categories"))
        contributors = tuple(knowledge.as_str_list(entry, "contributors"))
        bad = [c for c in categories if c not in CATEGORIES] + [
            c for c in contributors if c not in known
        ]
        if bad or not categories:
            raise ConfigurationError(f"exercises.toml {ex_id}: unknown category/contributor {bad}")
        found.append(
            Exercise(
                id=ex_id,
                name=knowledge.as_str(entry, "name"),
                categories=categories,
                purpose=knowledge.as_str(entry, "purpose"),
                steps=steps,
                dose=_dose(entry, ex_id),
                progression=tuple(knowledge.as_str_list(entry, "progression")),
                regression=tuple(knowledge.as_str_list(entry, "regression")),
                cautions=tuple(knowledge.as_str_list(entry, "cautions")),
                contributors=contributors,
                evidence_note=knowledge.as_str(entry, "evidence_note"),
                folk_check=str(entry.get("folk_check", "")),
                source=tuple(knowledge.as_str_list(entry, "source")),
                evidence=knowledge.as_str(entry, "evidence"),
                poses=figures.parse_poses(entry.get("pose"), ex_id, len(steps)),
            )
        )
    return tuple(found)


@functools.cache
def contributor_ids() -> tuple[str, ...]:
    """The contributor ids exercises may target (``[meta].contributor_ids``)."""
    meta = knowledge.as_table(knowledge.load(_FILE), "meta")
    return tuple(knowledge.as_str_list(meta, "contributor_ids"))


def get(exercise_id: str) -> Exercise:
    """The exercise with ``exercise_id``; an :class:`InputError` names an unknown id."""
    for exercise in library():
        if exercise.id == exercise_id:
            return exercise
    raise InputError(f"no exercise with id {exercise_id!r}", source="exercise")


def by_category(category: str) -> list[Exercise]:
    """Exercises listed under ``category`` (one of :data:`CATEGORIES`), in file order."""
    if category not in CATEGORIES:
        raise InputError(f"unknown category {category!r}", source="category")
    return [e for e in library() if category in e.categories]


def for_contributors(category: str, contributors: Iterable[str]) -> list[Exercise]:
    """Exercises of ``category`` that target any of ``contributors``, best match first.

    Ranked by how many of the given contributors each targets; ties keep file order.
    """
    wanted = list(contributors)
    scored = [
        (sum(c in e.contributors for c in wanted), i, e)
        for i, e in enumerate(by_category(category))
    ]
    return [e for score, _i, e in sorted(scored, key=lambda t: (-t[0], t[1])) if score > 0]
