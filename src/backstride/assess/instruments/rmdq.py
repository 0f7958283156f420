"""Roland-Morris Disability Questionnaire, 24-item version (Roland & Morris 1983): scorer only.

Each of the 24 statements ("because of my back ...", recall: today) is ticked (1) or not (0);
the score is the number ticked, 0-24, higher meaning more disability. There are no official
severity bands; scores under 4 sit near the floor (the RMDQ suits mild-to-moderate disability),
so the category is ``"near_floor"`` (0-3) or ``"measurable"`` (4-24).

The item text is not shipped (no redistribution licence found; see docs/licences.md).
Answers: a list of 24 or an object keyed ``"1"``..``"24"``, each ``true``/``false``,
``1``/``0`` or ``"yes"``/``"no"``; every item must be answered.
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import Final

from backstride import knowledge
from backstride.assess.instruments._common import (
    Instrument,
    Item,
    Score,
    as_flag,
    items_by_number,
    require_all,
)

NAME: Final = "rmdq"
ITEM_COUNT: Final = 24


@functools.cache
def _data() -> dict[str, object]:
    return knowledge.as_table(knowledge.load(f"instruments/{NAME}"), "instrument")


def score(answers: object) -> Score:
    """Count the ticked statements (0-24); see the module docstring for accepted forms."""
    data = _data()
    found = items_by_number(answers, ITEM_COUNT)
    require_all(found, ITEM_COUNT, "item")
    total = sum(
        as_flag(found[n], f"item{n}", true=("yes", "ticked"), false=("no", "unticked"))
        for n in range(1, ITEM_COUNT + 1)
    )
    entry = next(
        b for b in knowledge.as_tables(data, "band") if total <= knowledge.as_float(b, "upper")
    )
    notes = (knowledge.as_str(data, "floor_note"),) if entry.get("id") == "near_floor" else ()
    return Score(
        instrument=NAME,
        version=knowledge.as_str(data, "version"),
        score=total,
        subscores=MappingProxyType({}),
        category=knowledge.as_str(entry, "id"),
        interpretation=knowledge.as_str(entry, "interpretation"),
        source=knowledge.as_str(data, "source"),
        notes=notes,
    )


def instrument() -> Instrument:
    """The registry entry: 24 numbered items without their (unshipped) text."""
    data = _data()
    return Instrument(
        name=NAME,
        title=knowledge.as_str(data, "title"),
        version=knowledge.as_str(data, "version"),
        items=tuple(
            Item(number=n, key=str(n), text="", options=("no", "yes"))
            for n in range(1, ITEM_COUNT + 1)
        ),
        score_range=(0, ITEM_COUNT),
        text_shipped=False,
        licence=knowledge.as_str(data, "licence"),
        source=knowledge.as_str(data, "source"),
        scorer=score,
    )
