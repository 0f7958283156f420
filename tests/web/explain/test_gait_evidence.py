"""Gait metrics from the runner's latest analysed video are evidence in the ranking."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from backstride.reason import explain
from backstride_web.accounts.models import User
from backstride_web.explain.services import build_case
from tests.web.gait.conftest import done_session


def _term(ranked_terms: object, key: str) -> object:
    return next((t for t in ranked_terms if t.key == key), None)  # type: ignore[attr-defined]


def test_a_measured_trunk_lean_speaks_in_the_ranking(populated: User, tmp_path: Path) -> None:
    unmeasured = explain(build_case(populated, now=timezone.now()))
    lean_unknown = [r for r in unmeasured.ranked if _term(r.unknown, "gait_trunk_lean_high")]
    assert lean_unknown  # no video yet: the signal is unknown, never counted against

    done_session(populated, tmp_path / "s", lean_deg=14.0)
    case = build_case(populated, now=timezone.now())
    assert case.gait is not None
    assert case.gait.trunk_lean_deg is not None
    assert case.gait.trunk_lean_deg > 10.0  # over the case format's 10° display band
    assert case.as_dict()["gait"]["trunk_lean_deg"] == case.gait.trunk_lean_deg
    found = explain(case)
    speaking = [r for r in found.ranked if _term(r.speaks_for, "gait_trunk_lean_high")]
    assert {r.id for r in speaking} == {r.id for r in lean_unknown}
    for ranked in speaking:
        before = next(r for r in unmeasured.ranked if r.id == ranked.id)
        assert ranked.score > before.score
