"""The contributors knowledge: complete, cited, actionable, and linked to the plan."""

from __future__ import annotations

import pytest

from backstride import knowledge
from backstride.plan import exercises
from backstride.reason import hypotheses
from backstride.reason.evidence import SIGNALS

CONTRIBUTORS = hypotheses.contributors()
IDS = [c.id for c in CONTRIBUTORS]


def test_at_least_fourteen_contributors_with_unique_ids() -> None:
    assert len(CONTRIBUTORS) >= 14
    assert len(set(IDS)) == len(IDS)


def test_the_file_passes_the_knowledge_validator() -> None:
    assert knowledge.validate(knowledge.load("contributors"), "contributors") == []


@pytest.mark.parametrize("entry", knowledge.load("contributors")["contributor"], ids=IDS)
def test_every_contributor_has_sources_a_grade_and_an_action(entry: dict[str, object]) -> None:
    sources = entry.get("source")
    assert isinstance(sources, list)
    assert sources
    assert all(str(s).strip() for s in sources)
    assert entry.get("evidence") in knowledge.EVIDENCE_GRADES
    assert str(entry.get("action", "")).strip()
    for field in ("name", "description", "mechanism", "prior_reason"):
        assert str(entry.get(field, "")).strip(), field


@pytest.mark.parametrize("contributor", CONTRIBUTORS, ids=IDS)
def test_every_contributor_is_testable_and_weighed(contributor: hypotheses.Contributor) -> None:
    assert 0 < contributor.prior < 1
    assert contributor.items, "no evidence item moves it"
    assert all(item.reason.strip() for item in contributor.items)
    assert contributor.tests, "no test informs it"
    assert set(contributor.tests) <= {c.id for c in hypotheses.checks()}
    assert len({i.key for i in contributor.items}) == len(contributor.items)


@pytest.mark.parametrize("contributor", CONTRIBUTORS, ids=IDS)
def test_plan_parts_are_exercises_of_the_library(contributor: hypotheses.Contributor) -> None:
    library = {e.id for e in exercises.library()}
    assert set(contributor.plan) <= library


def test_ids_shared_with_the_exercise_library_link_up() -> None:
    shared = set(exercises.contributor_ids()) & set(IDS)
    assert len(shared) >= 8
    for contributor in CONTRIBUTORS:
        if contributor.id in shared:
            targeted = {e.id for e in exercises.library() if contributor.id in e.contributors}
            assert set(contributor.plan) & targeted, contributor.id


def test_every_signal_is_used_and_every_check_settles_known_signals() -> None:
    used = {item.key for c in CONTRIBUTORS for item in c.items}
    assert used == set(SIGNALS)
    for check in hypotheses.checks():
        assert check.resolves, check.id
        assert set(check.resolves) <= set(SIGNALS), check.id
        assert check.kind in ("self_test", "gait_video", "experiment")


def test_folk_advice_names_real_contributors_and_says_where_it_fails() -> None:
    notes = hypotheses.folk()
    assert {"stretch_after_not_before", "strength_work"} <= {f.id for f in notes}
    for note in notes:
        assert set(note.contributors) <= set(IDS)
        assert note.sources
        assert note.grade in knowledge.EVIDENCE_GRADES
    stretch = next(f for f in notes if f.id == "stretch_after_not_before")
    assert stretch.verdict == "not supported"


def test_rare_and_referral_contributors_say_so() -> None:
    by_id = {c.id: c for c in CONTRIBUTORS}
    assert by_id["paraspinal_compartment"].grade == "case reports"
    assert by_id["paraspinal_compartment"].prior <= 0.05
    assert "doctor" in by_id["inflammatory_back_pain"].name.lower()
    assert by_id["footwear_surface"].grade == "anecdotal"


def test_wording_never_diagnoses() -> None:
    texts = [
        text
        for c in CONTRIBUTORS
        for text in (c.name, c.description, c.mechanism, c.action, *(i.reason for i in c.items))
    ]
    texts += [f.text for f in hypotheses.folk()]
    assert not [t for t in texts if "you have" in t.lower()]
