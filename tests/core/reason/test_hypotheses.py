"""Ranking properties: deterministic, order-invariant, strict about contradictions."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.errors import InputError
from backstride.reason import hypotheses
from backstride.reason.evidence import SIGNALS, Observation

KEYS = sorted(SIGNALS)
observation_sets = st.dictionaries(
    st.sampled_from(KEYS), st.sampled_from([True, False, None]), max_size=len(KEYS)
).map(lambda found: [Observation(k, v, f"{k}={v}") for k, v in found.items()])


def _summary(ranked: tuple[hypotheses.Ranked, ...]) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(r.id, r.score, tuple(t.key for t in r.speaks_for + r.speaks_against)) for r in ranked]


@settings(max_examples=150, deadline=None)
@given(observation_sets, st.randoms(use_true_random=False))
def test_ranking_is_deterministic_and_order_invariant(
    observations: list[Observation], random: object
) -> None:
    first = hypotheses.rank(observations)
    shuffled = list(observations)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert _summary(hypotheses.rank(shuffled)) == _summary(first)
    assert _summary(hypotheses.rank(reversed(observations))) == _summary(first)
    assert first == hypotheses.rank(observations)
    scores = [r.score for r in first]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=50, deadline=None)
@given(observation_sets)
def test_repeating_an_observation_changes_nothing(observations: list[Observation]) -> None:
    assert hypotheses.rank(observations + observations) == hypotheses.rank(observations)


def test_known_beats_unknown_whatever_the_order() -> None:
    known = Observation("onset_early", True, "onset at minute 5")
    unknown = Observation("onset_early", None, "no profile")
    assert hypotheses.rank([known, unknown]) == hypotheses.rank([unknown, known])
    assert hypotheses.rank([unknown, known]) == hypotheses.rank([known])


def test_contradicting_observations_are_an_input_error() -> None:
    with pytest.raises(InputError, match="different values") as caught:
        hypotheses.rank(
            [Observation("onset_early", True, "a"), Observation("onset_early", False, "b")]
        )
    assert caught.value.source == "onset_early"


def test_unknown_signals_are_refused() -> None:
    with pytest.raises(InputError, match="unknown signal"):
        hypotheses.rank([Observation("astrology", True, "")])


def test_ties_are_broken_by_id() -> None:
    ranked = hypotheses.rank([])
    for first, second in itertools.pairwise(ranked):
        if first.score == second.score:
            assert first.id < second.id
