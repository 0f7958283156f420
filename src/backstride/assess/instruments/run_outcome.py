"""Run-specific outcome ``backstride-run-1``: what disability scales miss in running-only pain.

Three numbers: ``pain_free_minutes`` (continuous running before the pain started, 0-600;
the whole run if it never started), ``peak_pain`` (0-10 numeric rating) and
``next_morning_pain`` (0-10). Optionally ``baseline_morning_pain`` (0-10), the runner's usual
morning pain, lets the next-morning rule apply.

Score = pain-free minutes (higher is better). Category, from the pain-monitoring model
(Silbernagel et al. 2007, Achilles tendinopathy; extrapolated to back pain, weak evidence):
``"step_back"`` if peak > 5 or next-morning pain > baseline; ``"hold"`` if peak 4-5;
otherwise ``"progress"`` (peak 0-3).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from backstride import knowledge
from backstride.assess.instruments._common import (
    Instrument,
    Item,
    Score,
    as_int_in,
    as_number_in,
)
from backstride.errors import InputError

NAME: Final = "run_outcome"
FIELDS: Final = ("pain_free_minutes", "peak_pain", "next_morning_pain", "baseline_morning_pain")


@functools.cache
def _data() -> dict[str, object]:
    return knowledge.as_table(knowledge.load(f"instruments/{NAME}"), "instrument")


def score(answers: object) -> Score:
    """Score one run; see the module docstring for the fields, ranges and categories."""
    if not isinstance(answers, Mapping):
        raise InputError("answers must be an object with named fields", source="answers")
    for key in answers:
        if key not in FIELDS:
            raise InputError(f"unknown field; expected {', '.join(FIELDS)}", source=str(key))
    for key in FIELDS[:3]:
        if answers.get(key) is None:
            raise InputError("missing answer", source=key)
    data = _data()
    minutes = as_number_in(
        answers["pain_free_minutes"],
        "pain_free_minutes",
        0,
        knowledge.as_float(data, "max_minutes"),
    )
    peak = as_int_in(answers["peak_pain"], "peak_pain", 0, 10)
    morning = as_int_in(answers["next_morning_pain"], "next_morning_pain", 0, 10)
    raw_baseline = answers.get("baseline_morning_pain")
    baseline = (
        None if raw_baseline is None else as_int_in(raw_baseline, "baseline_morning_pain", 0, 10)
    )
    zones = knowledge.as_tables(data, "zone")
    zone = next(z for z in zones if peak <= knowledge.as_float(z, "peak_max"))
    notes: list[str] = []
    if baseline is None:
        notes.append("no baseline morning pain given: the next-morning rule was not applied")
    elif morning > baseline:
        zone = next(z for z in zones if z.get("id") == "step_back")
        notes.append(f"next-morning pain {morning} is above the usual {baseline}")
    subscores: dict[str, float | int] = {"peak_pain": peak, "next_morning_pain": morning}
    if baseline is not None:
        subscores["baseline_morning_pain"] = baseline
    return Score(
        instrument=NAME,
        version=knowledge.as_str(data, "version"),
        score=minutes,
        subscores=MappingProxyType(subscores),
        category=knowledge.as_str(zone, "id"),
        interpretation=knowledge.as_str(zone, "interpretation"),
        source=knowledge.as_str(zone, "source"),
        notes=tuple(notes),
    )


def instrument() -> Instrument:
    """The registry entry with the three questions."""
    data = _data()
    return Instrument(
        name=NAME,
        title=knowledge.as_str(data, "title"),
        version=knowledge.as_str(data, "version"),
        items=tuple(
            Item(
                number=knowledge.as_int(item, "number"),
                key=knowledge.as_str(item, "key"),
                text=knowledge.as_str(item, "text"),
            )
            for item in knowledge.as_tables(data, "item")
        ),
        score_range=(0, knowledge.as_float(data, "max_minutes")),
        text_shipped=True,
        licence=knowledge.as_str(data, "licence"),
        source=knowledge.as_str(data, "source"),
        scorer=score,
    )
