from __future__ import annotations

import pytest

from backstride import knowledge
from backstride.errors import InputError
from backstride.plan import exercises as ex

REQUIRED = {
    "desk_break": [
        "knee_to_chest",
        "lumbar_rotation",
        "leg_cross_over",
        "hip_flexor_stretch",
        "cat_camel",
    ],
    "warm_up": ["leg_swings_front", "walking_lunges", "high_knees", "butt_kicks"],
    "strength": [
        "mcgill_curl_up",
        "side_bridge",
        "bird_dog",
        "glute_bridge",
        "single_leg_bridge",
        "side_lying_abduction",
        "split_squat",
        "calf_raise",
    ],
    "post_run": ["hamstring_stretch", "calf_stretch"],
}


def test_library_has_at_least_25_exercises_with_unique_ids() -> None:
    ids = [e.id for e in ex.library()]
    assert len(ids) >= 25
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(("category", "ids"), REQUIRED.items())
def test_each_category_has_its_named_exercises(category: str, ids: list[str]) -> None:
    found = {e.id for e in ex.by_category(category)}
    assert set(ids) <= found


@pytest.mark.parametrize("exercise", ex.library(), ids=lambda e: e.id)
def test_every_exercise_is_complete_and_cited(exercise: ex.Exercise) -> None:
    assert exercise.purpose
    assert exercise.evidence_note
    assert len(exercise.steps) >= 2
    assert exercise.source
    assert all(s.strip() for s in exercise.source)
    assert exercise.evidence in knowledge.EVIDENCE_GRADES
    assert exercise.dose.sets >= 1
    assert exercise.dose.frequency
    assert exercise.dose.estimated_s > 0
    assert exercise.dose.describe()
    assert exercise.poses, "every exercise needs an illustration ([[exercise.pose]])"


def test_knee_to_chest_warns_about_osteoporosis() -> None:
    assert any("osteoporosis" in c for c in ex.get("knee_to_chest").cautions)


def test_folk_advice_is_called_out_where_it_fails() -> None:
    checks = " ".join(e.folk_check for e in ex.library()).lower()
    assert "stretch after, not before" in checks
    assert "not supported" in checks
    assert "static stretching before running" in checks


def test_warm_up_static_holds_stay_under_60_s() -> None:
    assert all(e.dose.hold_s <= 60 for e in ex.by_category("warm_up"))


def test_contributors_are_from_the_declared_vocabulary() -> None:
    known = set(ex.contributor_ids())
    assert all(set(e.contributors) <= known for e in ex.library())


def test_for_contributors_ranks_best_match_first() -> None:
    found = ex.for_contributors("strength", ["glute_med_weakness", "extensor_endurance"])
    assert found[0].id == "single_leg_bridge"
    assert all({"glute_med_weakness", "extensor_endurance"} & set(e.contributors) for e in found)
    assert ex.for_contributors("strength", []) == []


def test_unknown_ids_and_categories_are_input_errors() -> None:
    with pytest.raises(InputError, match="no exercise"):
        ex.get("handstand")
    with pytest.raises(InputError, match="unknown category"):
        ex.by_category("yoga")


def test_dose_text_and_time() -> None:
    dose = ex.Dose(3, 5, 8, 0, False, 30, "2-3 times a week")
    assert dose.describe() == "3 x 5 reps, hold 8 s, rest 30 s"
    assert dose.estimated_s == 3 * 5 * 8 + 2 * 30
    hold = ex.Dose(2, 1, 30, 0, True, 10, "daily")
    assert hold.describe() == "2 x hold 30 s each side, rest 10 s"
    timed = ex.Dose(2, 0, 0, 20, False, 20, "before runs")
    assert timed.describe() == "2 x 20 s, rest 20 s"
