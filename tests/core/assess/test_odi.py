"""ODI v2.1a scorer: 0, 1 and 2 missing sections, 3 refused, double ticks, bands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.assess import instruments
from backstride.assess.instruments import odi
from backstride.errors import InputError


def test_all_ten_sections_is_sum_times_two() -> None:
    result = instruments.score("odi", [1, 2, 0, 3, 1, 2, 0, 1, 2, 3])
    assert result.score == 30.0
    assert result.subscores["sections_answered"] == 10
    assert result.category == "moderate"
    assert result.version == "2.1a"
    assert result.notes == ()


def test_one_missing_section_divides_by_45() -> None:
    sections: list[object] = [2, 2, 2, 2, 2, 2, 2, None, 1, 1]  # 16 of 45
    result = instruments.score("odi", sections)
    assert result.score == 35.6
    assert result.subscores["sections_answered"] == 9
    assert "sex_life" not in result.subscores
    assert any("scored out of 45" in note for note in result.notes)


def test_two_missing_sections_divide_by_40() -> None:
    result = instruments.score("odi", {str(n): 1 for n in range(1, 9)})  # 8 of 40
    assert result.score == 20.0
    assert result.subscores["sections_answered"] == 8
    assert result.category == "minimal"


def test_three_missing_sections_are_refused_naming_the_first() -> None:
    sections: list[object] = [1, None, 1, 1, None, 1, 1, None, 1, 1]
    with pytest.raises(InputError) as caught:
        instruments.score("odi", sections)
    assert caught.value.source == "section2"
    assert "at least 8" in caught.value.message


def test_a_double_ticked_section_scores_the_higher_statement() -> None:
    single = instruments.score("odi", [3, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    double = instruments.score("odi", [[1, 3], 0, 0, 0, 0, 0, 0, 0, 0, 0])
    assert double.score == single.score == 6.0
    assert double.subscores["pain_intensity"] == 3
    assert any("highest (3)" in note for note in double.notes)


def test_zero_and_maximum() -> None:
    assert instruments.score("odi", [0] * 10).score == 0.0
    top = instruments.score("odi", [5] * 10)
    assert top.score == 100.0
    assert top.category == "bed_bound"


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (0, "minimal"),
        (20, "minimal"),
        (22, "moderate"),
        (40, "moderate"),
        (42, "severe"),
        (60, "severe"),
        (62, "crippled"),
        (80, "crippled"),
        (82, "bed_bound"),
        (100, "bed_bound"),
    ],
)
def test_band_boundaries(percent: float, band: str) -> None:
    assert odi.band(percent) == band


@pytest.mark.parametrize(("total", "band"), [(10, "minimal"), (11, "moderate"), (20, "moderate")])
def test_band_boundaries_through_the_scorer(total: int, band: str) -> None:
    sections = [min(5, max(0, total - 5 * i)) for i in range(10)]
    assert sum(sections) == total
    assert instruments.score("odi", sections).category == band


def test_sections_keyed_by_name() -> None:
    answers = dict.fromkeys(
        ["pain_intensity", "personal_care", "lifting", "walking", "sitting"], 2
    ) | dict.fromkeys(["standing", "sleeping", "sex_life", "social_life", "travelling"], 0)
    assert instruments.score("odi", answers).score == 20.0


@pytest.mark.parametrize(
    ("bad", "source"),
    [
        ([6] + [0] * 9, "section1"),
        ([0, -1] + [0] * 8, "section2"),
        ([0, 0, 2.5] + [0] * 7, "section3"),
        ([0, 0, 0, "two"] + [0] * 6, "section4"),
        ([0] * 4 + [[]] + [0] * 5, "section5"),
        ([0] * 9, "answers"),
        ({"eleven": 1}, "eleven"),
    ],
)
def test_bad_sections_name_the_field(bad: object, source: str) -> None:
    with pytest.raises(InputError) as caught:
        instruments.score("odi", bad)
    assert caught.value.source == source


def test_text_is_not_shipped() -> None:
    entry = instruments.get("odi")
    assert not entry.text_shipped
    assert all(item.text == "" for item in entry.items)
    assert "Fairbank" in entry.licence


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(min_value=0, max_value=5),
            st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=2),
        ),
        min_size=10,
        max_size=10,
    ).filter(lambda s: sum(v is None for v in s) <= 2)
)
def test_scores_stay_in_range(sections: list[object]) -> None:
    result = instruments.score("odi", sections)
    assert 0.0 <= result.score <= 100.0
    assert 8 <= result.subscores["sections_answered"] <= 10
    assert result.category in {"minimal", "moderate", "severe", "crippled", "bed_bound"}
