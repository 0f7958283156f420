from __future__ import annotations

import pytest

from backstride.assess.redflags import Allowed
from backstride.errors import InputError, SafetyBlockError
from backstride.plan import routines


def test_desk_break_is_a_short_set_of_four(allowed: Allowed) -> None:
    routine = routines.desk_break(allowed)
    assert routine.kind == "desk_break"
    assert len(routine.items) == 4
    assert routine.minutes <= 4
    assert {i.exercise.id for i in routine.items} >= {"knee_to_chest", "lumbar_rotation"}
    assert all(i.dose.sets == 1 and i.why for i in routine.items)
    assert routine.sources


def test_desk_break_puts_targeted_items_first_and_says_why(allowed: Allowed) -> None:
    routine = routines.desk_break(allowed, ["hip_flexor_tightness"])
    first = routine.items[0]
    assert first.exercise.id == "hip_flexor_stretch"
    assert "hip flexor tightness" in first.why
    assert first.contributors == ("hip_flexor_tightness",)


@pytest.mark.parametrize("minutes", [10, 12, 15])
def test_warm_up_has_the_chosen_length_easy_running_then_drills(
    allowed: Allowed, minutes: int
) -> None:
    routine = routines.warm_up(allowed, minutes)
    assert routine.items[0].exercise.id == "easy_jog_or_brisk_walk"
    assert routine.items[0].dose.duration_s >= 5 * 60
    assert abs(routine.minutes - minutes) <= 2.5
    drills = {i.exercise.id for i in routine.items[1:]}
    assert {"leg_swings_front", "walking_lunges", "high_knees", "butt_kicks"} <= drills
    assert any("60 s" in note for note in routine.notes)


def test_warm_up_adds_a_short_hip_flexor_stretch_when_ranked(allowed: Allowed) -> None:
    routine = routines.warm_up(allowed, 12, ["hip_flexor_tightness"])
    stretch = next(i for i in routine.items if i.exercise.id == "hip_flexor_stretch")
    assert stretch.dose.hold_s <= routines.STATIC_STRETCH_MAX_S
    assert "hip flexor" in stretch.why


@pytest.mark.parametrize("minutes", [5, 25])
def test_warm_up_length_out_of_range_is_refused(allowed: Allowed, minutes: int) -> None:
    with pytest.raises(InputError, match="warm-up length"):
        routines.warm_up(allowed, minutes)


def test_post_run_stretching_is_optional_and_says_the_folk_rule_fails(allowed: Allowed) -> None:
    routine = routines.post_run(allowed)
    assert routine.optional
    assert any("not supported" in note for note in routine.notes)
    assert all(i.dose.hold_s <= 60 for i in routine.items)


def test_strength_always_has_the_big_three_and_a_bridge(allowed: Allowed) -> None:
    routine = routines.strength(allowed, 1)
    ids = [i.exercise.id for i in routine.items]
    assert ids[:4] == ["mcgill_curl_up", "side_bridge", "bird_dog", "glute_bridge"]
    assert len(ids) == 6


def test_strength_picks_extras_for_contributors(allowed: Allowed) -> None:
    routine = routines.strength(allowed, 1, ["glute_med_weakness"])
    extra = list(routine.items[4:])
    assert all("glute med weakness" in i.why for i in extra)


def test_strength_doses_progress_with_a_lighter_fourth_week(allowed: Allowed) -> None:
    def volume(week: int) -> float:
        return sum(i.dose.estimated_s for i in routines.strength(allowed, week).items)

    assert volume(1) == volume(2) == volume(4)
    assert volume(1) < volume(3) <= volume(5) <= volume(6)
    assert volume(8) < volume(7)
    assert any(i.note for i in routines.strength(allowed, 7).items)
    assert not any(i.note for i in routines.strength(allowed, 1).items)
    with pytest.raises(InputError):
        routines.strength(allowed, 0)


def test_red_flags_block_routines(urgent: Allowed, emergency: Allowed) -> None:
    for state in (urgent, emergency):
        with pytest.raises(SafetyBlockError, match="paused"):
            routines.desk_break(state)
        with pytest.raises(SafetyBlockError):
            routines.strength(state, 1)
        with pytest.raises(SafetyBlockError):
            routines.warm_up(state)
