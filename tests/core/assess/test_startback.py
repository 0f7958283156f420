"""Keele STarT Back: published boundaries (total 3/4, subscale 3/4), item 9 rule, wording."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.assess import instruments
from backstride.assess.instruments import startback
from backstride.errors import InputError

BOTHER = ["not at all", "slightly", "moderately", "very much", "extremely"]


def answers(physical: int, psych: int) -> list[object]:
    """Items 1-4 with ``physical`` agrees, items 5-9 with ``psych`` positives (item 9 last)."""
    items: list[object] = [i < physical for i in range(4)]
    items += [i < psych for i in range(4)]
    items.append("extremely" if psych == 5 else "not at all")
    return items


@pytest.mark.parametrize(
    ("physical", "psych", "total", "group"),
    [
        (0, 0, 0, "low"),
        (3, 0, 3, "low"),  # total 3: last low
        (4, 0, 4, "medium"),  # total 4: first medium
        (0, 3, 3, "low"),  # subscale 3, total 3: low
        (1, 3, 4, "medium"),  # subscale 3, total 4: medium
        (4, 3, 7, "medium"),  # subscale 3 never high
        (0, 4, 4, "high"),  # subscale 4: first high
        (4, 5, 9, "high"),
    ],
)
def test_published_boundaries(physical: int, psych: int, total: int, group: str) -> None:
    result = instruments.score("startback", answers(physical, psych))
    assert result.score == total
    assert result.subscores["psychosocial"] == psych
    assert result.category == group
    assert result.instrument == "startback"
    assert result.version == "9-item (Keele 2007)"
    assert "Hill" in result.source


@pytest.mark.parametrize(("label", "point"), list(zip(BOTHER, [0, 0, 0, 1, 1], strict=True)))
def test_item_9_is_positive_only_for_very_much_or_extremely(label: str, point: int) -> None:
    items: list[object] = [False] * 8 + [label]
    assert instruments.score("startback", items).score == point
    index = BOTHER.index(label)
    assert instruments.score("startback", [False] * 8 + [index]).score == point


def test_answers_keyed_by_number_or_item_key() -> None:
    by_number = {str(n): "agree" for n in range(1, 9)} | {"9": "Very much"}
    assert instruments.score("startback", by_number).score == 9
    keys = [item.key for item in instruments.get("startback").items]
    by_key = dict.fromkeys(keys[:8], "disagree") | {"bothersomeness": "very_much"}
    assert instruments.score("startback", by_key).score == 1


def test_risk_group_function_matches_the_rule() -> None:
    assert startback.risk_group(3, 3) == "low"
    assert startback.risk_group(4, 3) == "medium"
    assert startback.risk_group(4, 4) == "high"


@pytest.mark.parametrize(
    ("bad", "source"),
    [
        ([True] * 8, "answers"),
        ({"1": True}, "item2"),
        ([True] * 7 + [None, "slightly"], "item8"),
        ([2] + [True] * 7 + ["slightly"], "item1"),
        ([True] * 8 + ["hugely"], "item9"),
        ([True] * 8 + [5], "item9"),
        ([True] * 8 + [True], "item9"),
        ({"10": True}, "10"),
        ("agree", "answers"),
    ],
)
def test_bad_answers_name_the_field(bad: object, source: str) -> None:
    with pytest.raises(InputError) as caught:
        instruments.score("startback", bad)
    assert caught.value.source == source


KEELE_ITEMS = [
    "My back pain has spread down my leg(s) at some time in the last 2 weeks",
    "I have had pain in the shoulder or neck at some time in the last 2 weeks",
    "I have only walked short distances because of my back pain",
    "In the last 2 weeks, I have dressed more slowly than usual because of back pain",
    "It\u2019s not really safe for a person with a condition like mine to be physically active",
    "Worrying thoughts have been going through my mind a lot of the time",
    "I feel that my back pain is terrible and it\u2019s never going to get any better",
    "In general I have not enjoyed all the things I used to enjoy",
    "Overall, how bothersome has your back pain been in the last 2 weeks?",
]


def test_exact_keele_wording_and_copyright_line_are_shipped() -> None:
    entry = instruments.get("startback")
    assert entry.text_shipped
    assert [item.text for item in entry.items] == KEELE_ITEMS
    assert entry.items[0].options == ("Disagree", "Agree")
    assert entry.items[8].options == (
        "Not at all",
        "Slightly",
        "Moderately",
        "Very much",
        "Extremely",
    )
    assert entry.extra["instruction"] == (
        "Thinking about the last 2 weeks tick your response to the following questions:"
    )
    assert entry.extra["copyright"] == (
        "\u00a9 Keele University 01/08/07. Funded by Arthritis Research UK."
    )
    assert "non-commercial" in entry.licence


@given(
    st.lists(st.booleans(), min_size=8, max_size=8),
    st.integers(min_value=0, max_value=4),
)
def test_scores_stay_in_range(items: list[bool], bother: int) -> None:
    result = instruments.score("startback", [*items, bother])
    assert 0 <= result.score <= 9
    assert 0 <= result.subscores["psychosocial"] <= 5
    assert result.subscores["psychosocial"] <= result.score
    assert result.category in {"low", "medium", "high"}
