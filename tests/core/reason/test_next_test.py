"""The next most useful test: only for what is unknown, with the expected change explained."""

from __future__ import annotations

from pathlib import Path

from backstride.reason import explain, load_case
from backstride.reason.evidence import SIGNALS, Observation
from backstride.reason.hypotheses import rank
from backstride.reason.next_test import suggest
from tests.core.reason.conftest import bare_case


def test_suggestions_settle_only_unknown_signals(cases_dir: Path) -> None:
    found = explain(load_case(cases_dir / "demo_like.json"))
    unknown = {o.key for o in found.observations if o.value is None}
    assert 1 <= len(found.next_tests) <= 3
    for test in found.next_tests:
        assert test.settles
        assert set(test.settles) <= unknown
        assert test.expected_score_change > 0 or test.expected_rank_change > 0
        assert "If it comes out positive" in test.why
    assert "modified_thomas" not in {t.check.id for t in found.next_tests}  # already done
    changes = [(t.expected_rank_change, t.expected_score_change) for t in found.next_tests]
    assert changes == sorted(changes, reverse=True)


def test_the_demo_like_case_asks_about_extensor_endurance(cases_dir: Path) -> None:
    found = explain(load_case(cases_dir / "demo_like.json"))
    first = found.next_tests[0]
    assert "extensor_endurance" in first.informs
    assert first.check.kind == "self_test"


def test_nothing_to_suggest_when_everything_is_known() -> None:
    observations = [Observation(k, True, "known") for k in SIGNALS]
    assert suggest(observations, rank(observations)) == ()


def test_an_empty_case_suggests_tests_deterministically() -> None:
    first = explain(bare_case()).next_tests
    assert first == explain(bare_case()).next_tests
    assert len(first) == 3
