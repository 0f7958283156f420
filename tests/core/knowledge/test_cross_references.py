"""The knowledge files point at each other by id; every id must exist.

Exercises and experiment templates name the contributors they address; contributors name
the exercises of their plan and the experiment templates that test them. A typo would
silently drop a link from the Explain page or the plan.
"""

from __future__ import annotations

from typing import Any

from backstride.knowledge import load


def _contributors() -> list[dict[str, Any]]:
    return list(load("contributors")["contributor"])


def _ids(entries: object) -> set[str]:
    if isinstance(entries, dict):
        return {key for key, value in entries.items() if isinstance(value, dict) and key != "meta"}
    assert isinstance(entries, list)
    return {str(entry["id"]) for entry in entries}


def _exercises() -> dict[str, Any]:
    data = load("exercises")
    return {key: value for key, value in data.items() if key != "meta"}


def _exercise_entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for value in _exercises().values():
        entries.extend(value if isinstance(value, list) else [value])
    return [entry for entry in entries if isinstance(entry, dict)]


def test_every_contributor_named_by_an_exercise_exists() -> None:
    known = _ids(_contributors())
    named = {c for entry in _exercise_entries() for c in entry.get("contributors", [])}
    assert named, "no exercise names a contributor"
    assert sorted(named - known) == []
    assert sorted(set(load("exercises")["meta"]["contributor_ids"]) - known) == []


def test_every_contributor_named_by_an_experiment_template_exists() -> None:
    known = _ids(_contributors())
    templates = load("experiments")["template"]
    named = {c for template in templates for c in template.get("contributors", [])}
    assert sorted(named - known) == []


def test_every_template_a_contributor_points_to_exists() -> None:
    templates = _ids(load("experiments")["template"])
    pointed = {
        experiment["template"]
        for contributor in _contributors()
        for experiment in contributor.get("experiment", [])
        if "template" in experiment
    }
    assert pointed, "no contributor points to an experiment template"
    assert sorted(pointed - templates) == []


def test_every_exercise_in_a_contributors_plan_exists() -> None:
    exercises = {str(entry["id"]) for entry in _exercise_entries() if "id" in entry}
    planned = {e for contributor in _contributors() for e in contributor.get("plan", [])}
    assert sorted(planned - exercises) == []
