"""Oswestry Disability Index v2.1a: scorer of the ten section scores only.

The questionnaire text is © Jeremy Fairbank, licensed through Mapi Research Trust, and is
**not shipped**; a clinician (or a runner holding a licensed copy) enters each section's
score 0-5. Recall: "today". Sections: pain intensity, personal care, lifting, walking,
sitting, standing, sleeping, sex life (if applicable), social life, travelling.

Score (%) = sum of section scores / (5 x sections answered) x 100, reported to one decimal
(all ten answered: sum x 2; one missing: sum / 45 x 100, e.g. 16/45 -> 35.6).
A double-ticked section (a list such as ``[2, 3]``) scores its highest statement.
At least 8 of 10 sections must be answered (at most 2 missing): Mapi notes one section
suffices in theory and >= 8 is the usual practice.

Bands (upper limits inclusive): 0-20 minimal; 21-40 moderate; 41-60 severe;
61-80 "crippled"; 81-100 "bed-bound or exaggerating" (Fairbank & Pynsent 2000).

Answers: a list of 10 or an object keyed ``"1"``..``"10"`` or by section key
(``"pain_intensity"``, ...); ``null`` or an absent key marks a section unanswered.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from types import MappingProxyType
from typing import Final

from backstride import knowledge
from backstride.assess.instruments._common import Instrument, Item, Score, as_int_in
from backstride.assess.instruments._common import items_by_number as _items
from backstride.errors import InputError

NAME: Final = "odi"
SECTIONS: Final = 10
SECTION_MAX: Final = 5
MIN_ANSWERED: Final = 8


@functools.cache
def _data() -> dict[str, object]:
    return knowledge.as_table(knowledge.load(f"instruments/{NAME}"), "instrument")


def _section_keys() -> list[str]:
    return [knowledge.as_str(s, "key") for s in knowledge.as_tables(_data(), "section")]


def _section_score(value: object, where: str) -> tuple[int, bool]:
    """The section's score and whether it was double-ticked (highest statement used)."""
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        if not value:
            raise InputError("no statement ticked", source=where)
        ticks = [as_int_in(v, where, 0, SECTION_MAX) for v in value]
        return max(ticks), len(set(ticks)) > 1
    return as_int_in(value, where, 0, SECTION_MAX), False


def band(percent: float) -> str:
    """The published band id for a score in percent (upper limits 20/40/60/80/100 inclusive)."""
    for entry in knowledge.as_tables(_data(), "band"):
        if percent <= knowledge.as_float(entry, "upper"):
            return knowledge.as_str(entry, "id")
    raise InputError(f"{percent} is outside 0-100", source="score")


def score(answers: object) -> Score:
    """Score the section scores; see the module docstring for the rules and cut-offs."""
    keys = _section_keys()
    found = _items(answers, SECTIONS, keys=keys)
    sections: dict[str, int] = {}
    notes: list[str] = []
    for number in range(1, SECTIONS + 1):
        value = found.get(number)
        if value is None:
            continue
        where = f"section{number}"
        points, doubled = _section_score(value, where)
        sections[keys[number - 1]] = points
        if doubled:
            notes.append(f"{where}: more than one statement ticked; the highest ({points}) is used")
    answered = len(sections)
    if answered < MIN_ANSWERED:
        missing = next(n for n in range(1, SECTIONS + 1) if keys[n - 1] not in sections)
        raise InputError(
            f"only {answered} of {SECTIONS} sections answered; at least {MIN_ANSWERED} are needed",
            source=f"section{missing}",
        )
    if answered < SECTIONS:
        notes.append(
            f"{SECTIONS - answered} section(s) unanswered; scored out of {SECTION_MAX * answered}"
        )
    percent = round(sum(sections.values()) / (SECTION_MAX * answered) * 100, 1)
    band_id = band(percent)
    entry = next(b for b in knowledge.as_tables(_data(), "band") if b.get("id") == band_id)
    return Score(
        instrument=NAME,
        version=knowledge.as_str(_data(), "version"),
        score=percent,
        subscores=MappingProxyType({**sections, "sections_answered": answered}),
        category=band_id,
        interpretation=(
            f"{knowledge.as_str(entry, 'label')}. {knowledge.as_str(entry, 'interpretation')}"
        ),
        source=knowledge.as_str(_data(), "source"),
        notes=tuple(notes),
    )


def instrument() -> Instrument:
    """The registry entry: section labels only (the licensed text is not shipped)."""
    data = _data()
    items = tuple(
        Item(
            number=knowledge.as_int(s, "number"),
            key=knowledge.as_str(s, "key"),
            text="",
            options=tuple(str(n) for n in range(SECTION_MAX + 1)),
        )
        for s in knowledge.as_tables(data, "section")
    )
    labels = {
        knowledge.as_str(s, "key"): knowledge.as_str(s, "label")
        for s in knowledge.as_tables(data, "section")
    }
    return Instrument(
        name=NAME,
        title=knowledge.as_str(data, "title"),
        version=knowledge.as_str(data, "version"),
        items=items,
        score_range=(0, 100),
        text_shipped=False,
        licence=knowledge.as_str(data, "licence"),
        source=knowledge.as_str(data, "source"),
        scorer=score,
        extra=MappingProxyType({"section_labels": labels, "min_answered": MIN_ANSWERED}),
    )
