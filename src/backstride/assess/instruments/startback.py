"""Keele STarT Back Screening Tool, 9-item version (Keele 2007; Hill et al. 2008).

Recall period: the last 2 weeks. Items 1-8 are Agree (1) / Disagree (0). Item 9,
"Overall, how bothersome has your back pain been in the last 2 weeks?", is answered
Not at all / Slightly / Moderately / Very much / Extremely and scores 1 only for
"Very much" or "Extremely".

Scores: total = items 1-9 (0-9); psychosocial subscale = items 5-9 (0-5).
Risk group: **high** if subscale >= 4; otherwise **low** if total <= 3; otherwise **medium**.
Validated for low back pain only. © Keele University 01/08/07, funded by Arthritis Research
UK; free for non-commercial use; the wording must not be modified (knowledge file holds it).

Answers: a list of 9 or an object keyed ``"1"``..``"9"`` or by item key (``"fear"``, ...).
Items 1-8 take ``true``/``false``, ``1``/``0`` or ``"agree"``/``"disagree"``; item 9 takes
the option label (``"very much"`` or ``"very_much"``) or its index 0-4.
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
    as_int_in,
    items_by_number,
    require_all,
)
from backstride.errors import InputError

NAME: Final = "startback"
ITEM_COUNT: Final = 9
PSYCHOSOCIAL: Final = (5, 6, 7, 8, 9)
HIGH_SUBSCALE_MIN: Final = 4
LOW_TOTAL_MAX: Final = 3


@functools.cache
def _data() -> dict[str, object]:
    return knowledge.as_table(knowledge.load(f"instruments/{NAME}"), "instrument")


def _bothersome(value: object) -> int:
    options = [o.lower() for o in knowledge.as_str_list(_data(), "bothersome_options")]
    positive = {o.lower() for o in knowledge.as_str_list(_data(), "bothersome_positive")}
    if isinstance(value, str):
        word = value.strip().lower().replace("_", " ")
        if word not in options:
            raise InputError(f"{value!r} is not one of {', '.join(options)}", source="item9")
        return int(word in positive)
    index = as_int_in(value, "item9", 0, len(options) - 1)
    return int(options[index] in positive)


def risk_group(total: int, subscale: int) -> str:
    """``"high"`` if subscale >= 4, else ``"low"`` if total <= 3, else ``"medium"``."""
    if subscale >= HIGH_SUBSCALE_MIN:
        return "high"
    return "low" if total <= LOW_TOTAL_MAX else "medium"


def score(answers: object) -> Score:
    """Score the 9 answers; see the module docstring for the accepted forms and cut-offs."""
    data = _data()
    keys = [knowledge.as_str(item, "key") for item in knowledge.as_tables(data, "item")]
    found = items_by_number(answers, ITEM_COUNT, keys=keys)
    require_all(found, ITEM_COUNT, "item")
    points = {
        number: as_flag(
            found[number], f"item{number}", true=("agree", "yes"), false=("disagree", "no")
        )
        for number in range(1, ITEM_COUNT)
    }
    points[ITEM_COUNT] = _bothersome(found[ITEM_COUNT])
    total = sum(points.values())
    subscale = sum(points[number] for number in PSYCHOSOCIAL)
    group = risk_group(total, subscale)
    interpretation = next(
        knowledge.as_str(c, "interpretation")
        for c in knowledge.as_tables(data, "category")
        if c.get("id") == group
    )
    return Score(
        instrument=NAME,
        version=knowledge.as_str(data, "version"),
        score=total,
        subscores=MappingProxyType({"psychosocial": subscale}),
        category=group,
        interpretation=interpretation,
        source=knowledge.as_str(data, "source"),
    )


def instrument() -> Instrument:
    """The registry entry, with Keele's exact item wording and options."""
    data = _data()
    agree = tuple(knowledge.as_str_list(data, "agree_options"))
    bother = tuple(knowledge.as_str_list(data, "bothersome_options"))
    items = tuple(
        Item(
            number=knowledge.as_int(item, "number"),
            key=knowledge.as_str(item, "key"),
            text=knowledge.as_str(item, "text"),
            options=bother if knowledge.as_int(item, "number") == ITEM_COUNT else agree,
        )
        for item in knowledge.as_tables(data, "item")
    )
    return Instrument(
        name=NAME,
        title=knowledge.as_str(data, "title"),
        version=knowledge.as_str(data, "version"),
        items=items,
        score_range=(0, ITEM_COUNT),
        text_shipped=True,
        licence=knowledge.as_str(data, "licence"),
        source=knowledge.as_str(data, "source"),
        scorer=score,
        extra=MappingProxyType(
            {
                "instruction": knowledge.as_str(data, "instruction"),
                "copyright": knowledge.as_str(data, "copyright"),
                "recall_period": knowledge.as_str(data, "recall_period"),
            }
        ),
    )
