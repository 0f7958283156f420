"""RMDQ-24 scorer: 0 and 24, floor, refused answers, text not shipped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.assess import instruments
from backstride.errors import InputError


def test_zero_is_near_the_floor() -> None:
    result = instruments.score("rmdq", [False] * 24)
    assert result.score == 0
    assert result.category == "near_floor"
    assert result.notes
    assert result.version.startswith("RMDQ-24")


def test_twenty_four_is_the_maximum() -> None:
    result = instruments.score("rmdq", ["yes"] * 24)
    assert result.score == 24
    assert result.category == "measurable"


@pytest.mark.parametrize(("ticked", "category"), [(3, "near_floor"), (4, "measurable")])
def test_floor_boundary(ticked: int, category: str) -> None:
    answers = {str(n): int(n <= ticked) for n in range(1, 25)}
    result = instruments.score("rmdq", answers)
    assert result.score == ticked
    assert result.category == category


@pytest.mark.parametrize(
    ("bad", "source"),
    [
        ([True] * 23, "answers"),
        ({str(n): True for n in range(1, 24)}, "item24"),
        ([True] * 23 + [2], "item24"),
        ([True] * 23 + ["perhaps"], "item24"),
        ({"25": True}, "25"),
        (7, "answers"),
    ],
)
def test_bad_answers_name_the_field(bad: object, source: str) -> None:
    with pytest.raises(InputError) as caught:
        instruments.score("rmdq", bad)
    assert caught.value.source == source


def test_text_is_not_shipped() -> None:
    entry = instruments.get("rmdq")
    assert not entry.text_shipped
    assert len(entry.items) == 24
    assert all(item.text == "" for item in entry.items)


@given(st.lists(st.booleans(), min_size=24, max_size=24))
def test_scores_stay_in_range(answers: list[bool]) -> None:
    result = instruments.score("rmdq", answers)
    assert result.score == sum(answers)
    assert 0 <= result.score <= 24
