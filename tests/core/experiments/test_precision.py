"""The number-of-blocks hint from the runner's own variability."""

from __future__ import annotations

import pytest

from backstride.errors import InputError
from backstride.experiments import blocks_for_power, precision_hint


def test_more_variable_runners_need_more_blocks() -> None:
    steady = precision_hint([6, 7, 5, 6, 7, 6])
    noisy = precision_hint([2, 15, 6, 25, 4, 11])
    assert steady.blocks_for_effect is not None
    assert noisy.blocks_for_effect is not None
    assert steady.blocks_for_effect < noisy.blocks_for_effect
    assert steady.half_width_min is not None
    assert noisy.half_width_min is not None
    assert steady.half_width_min < noisy.half_width_min
    assert "vary by about" in noisy.text


def test_never_fewer_blocks_than_the_test_can_use() -> None:
    assert blocks_for_power(0.1, 5.0) == 6


def test_power_matches_a_textbook_case() -> None:
    # Paired t, effect size 1.0 (delta = SD of differences), 80 % power, alpha 5 %: n = 10.
    assert blocks_for_power(1.0, 1.0) == 10


def test_too_few_past_runs_gives_a_default_and_says_so() -> None:
    hint = precision_hint([5.0, 8.0], n_blocks=6)
    assert hint.sd_min is None
    assert hint.blocks_for_effect is None
    assert "at least 3 runs" in hint.text
    assert hint.as_json()["n_blocks"] == 6


def test_bad_arguments() -> None:
    with pytest.raises(InputError):
        precision_hint([1, 2, 3], n_blocks=0)
    with pytest.raises(InputError):
        precision_hint([1, 2, 3], smallest_effect_min=0)
