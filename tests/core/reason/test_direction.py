"""Per contributor: each evidence item moves its score in the documented direction, by the
documented amount, and evidence the contributor does not read leaves it unchanged."""

from __future__ import annotations

import math

import pytest

from backstride.reason import hypotheses
from backstride.reason.evidence import SIGNALS, Observation

CONTRIBUTORS = hypotheses.contributors()
CASES = [(c, item) for c in CONTRIBUTORS for item in c.items]


def _score(contributor_id: str, observations: list[Observation]) -> hypotheses.Ranked:
    return next(r for r in hypotheses.rank(observations) if r.id == contributor_id)


@pytest.mark.parametrize(("contributor", "item"), CASES, ids=[f"{c.id}-{i.key}" for c, i in CASES])
def test_each_item_moves_its_contributor_as_documented(
    contributor: hypotheses.Contributor, item: hypotheses.Item
) -> None:
    base = _score(contributor.id, [])
    assert base.score == pytest.approx(contributor.prior_log_odds, abs=1e-5)
    true = _score(contributor.id, [Observation(item.key, True, "yes")])
    false = _score(contributor.id, [Observation(item.key, False, "no")])
    assert true.score - base.score == pytest.approx(math.log(item.lr_true), abs=1e-5)
    assert false.score - base.score == pytest.approx(math.log(item.lr_false), abs=1e-5)
    if item.lr_true > 1:
        assert true.score > base.score
        assert [t.key for t in true.speaks_for] == [item.key]
    if item.lr_false < 1:
        assert false.score < base.score
        assert [t.key for t in false.speaks_against] == [item.key]
    assert item.key in {t.key for t in base.unknown}


@pytest.mark.parametrize("contributor", CONTRIBUTORS, ids=[c.id for c in CONTRIBUTORS])
@pytest.mark.parametrize("value", [True, False])
def test_unrelated_evidence_does_not_change_the_score(
    contributor: hypotheses.Contributor, value: bool
) -> None:
    own = {item.key for item in contributor.items}
    unrelated = [Observation(k, value, "unrelated") for k in SIGNALS if k not in own]
    mixed = [Observation(k, True, "own") for k in sorted(own)]
    assert _score(contributor.id, unrelated).score == pytest.approx(
        contributor.prior_log_odds, abs=1e-5
    )
    assert _score(contributor.id, mixed + unrelated).score == pytest.approx(
        _score(contributor.id, mixed).score, abs=1e-5
    )


@pytest.mark.parametrize("contributor", CONTRIBUTORS, ids=[c.id for c in CONTRIBUTORS])
def test_missing_evidence_is_unknown_not_against(contributor: hypotheses.Contributor) -> None:
    unknown = [Observation(item.key, None, "not measured") for item in contributor.items]
    ranked = _score(contributor.id, unknown)
    assert ranked.score == pytest.approx(contributor.prior_log_odds, abs=1e-5)
    assert ranked.speaks_against == ()
    assert {t.key for t in ranked.unknown} == {i.key for i in contributor.items}


def test_every_term_is_listed_and_sums_to_the_score() -> None:
    observations = [Observation(k, i % 2 == 0, "x") for i, k in enumerate(sorted(SIGNALS))]
    for ranked in hypotheses.rank(observations):
        terms = ranked.speaks_for + ranked.speaks_against
        assert ranked.score == pytest.approx(
            ranked.prior_log_odds + sum(t.weight for t in terms), abs=1e-5
        )
        assert all(t.reason for t in terms)
