"""A case -> signals: each rule, and unknown whenever the data to decide are missing."""

from __future__ import annotations

from datetime import date

import pytest

from backstride.assess.pain_profile import PainProfile
from backstride.reason.case import GaitMetrics, LoadSpikeSummary, RunComparison, RunSummary
from backstride.reason.case import SelfTestEntry as Entry
from backstride.reason.evidence import SIGNALS, observe
from tests.core.reason.conftest import bare_case

PROFILE = {
    "years_with_pain": 2,
    "onset_minute": 5,
    "character": ["pump"],
    "location": ["central"],
    "warm_up_effect": "abolishes",
    "aggravators": ["long_sitting"],
    "relievers": ["stopping"],
    "other_sports": ["Weights (5x5)"],
    "sitting_hours_per_day": 9,
    "goal": "",
}


def _values(case) -> dict[str, bool | None]:  # type: ignore[no-untyped-def]
    return {o.key: o.value for o in observe(case)}


def test_an_empty_case_knows_nothing() -> None:
    found = observe(bare_case())
    assert [o.key for o in found] == sorted(SIGNALS)
    assert all(o.detail for o in found)
    known = {o.key for o in found if o.value is not None}
    assert known == {"inflammatory_pattern"}  # screened without R15: known to be negative


def test_intake_signals() -> None:
    values = _values(bare_case(pain_profile=PainProfile.from_mapping(PROFILE)))
    assert values["warm_up_helps_reported"] is True
    assert values["onset_early"] is True
    assert values["pump_character"] is True
    assert values["long_sitting_aggravates"] is True
    assert values["lifting_aggravates"] is False
    assert values["stopping_relieves"] is True
    assert values["sitting_hours_high"] is True
    assert values["long_standing"] is True
    assert values["lifts_weights"] is True
    assert values["thomas_outside"] is None


def test_not_tried_warm_up_is_unknown() -> None:
    profile = PainProfile.from_mapping({**PROFILE, "warm_up_effect": "not_tried"})
    assert _values(bare_case(pain_profile=profile))["warm_up_helps_reported"] is None


def _runs(*comparisons: RunComparison, n: int = 30, **extra: object) -> RunSummary:
    return RunSummary(n_runs=n, n_diary_runs=n, comparisons=comparisons, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("yes", "no", "p", "runs", "expected"),
    [
        (None, 6.0, 0.001, (10, 20), True),  # pain-free with warm-up, p < 0.05
        (6.0, 20.0, 0.001, (10, 20), False),  # significant, the wrong way
        (20.0, 18.0, 0.4, (10, 20), False),  # enough runs, no difference
        (None, 6.0, 0.2, (3, 20), None),  # too few runs in one group
        (None, 6.0, None, (10, 20), None),  # no test possible
    ],
)
def test_warm_up_effect_from_the_runs(
    yes: float | None,
    no: float | None,
    p: float | None,
    runs: tuple[int, int],
    expected: bool | None,
) -> None:
    comparison = RunComparison("warm_up", runs[0], runs[1], yes, no, p)
    assert _values(bare_case(runs=_runs(comparison)))["runs_warmup_effect"] is expected


def test_sitting_effect_is_harmful_direction() -> None:
    comparison = RunComparison("sitting", 12, 18, 8.0, 25.0, 0.01)
    assert _values(bare_case(runs=_runs(comparison)))["runs_sitting_effect"] is True
    assert _values(bare_case(runs=_runs()))["runs_sitting_effect"] is None


def test_load_spikes_need_two_in_ninety_days() -> None:
    spikes = (LoadSpikeSummary(date(2026, 10, 1), 0.3), LoadSpikeSummary(date(2026, 11, 20), 0.2))
    values = _values(bare_case(runs=_runs(spikes=spikes)))
    assert values["load_spikes_repeated"] is True
    assert values["load_spike_recent"] is True
    old = (LoadSpikeSummary(date(2026, 1, 1), 0.3), LoadSpikeSummary(date(2026, 11, 1), 0.2))
    values = _values(bare_case(runs=_runs(spikes=old)))
    assert values["load_spikes_repeated"] is None  # one in the window: not a pattern
    assert values["load_spike_recent"] is False
    assert _values(bare_case(runs=_runs()))["load_spikes_repeated"] is False
    assert _values(bare_case(runs=_runs(n=3)))["load_spikes_repeated"] is None


def test_cadence_is_compared_with_the_reference_for_the_speed() -> None:
    low = _values(bare_case(runs=_runs(cadence_spm=158.0, speed_m_s=3.16)))
    assert low["cadence_low_for_speed"] is True
    fine = _values(bare_case(runs=_runs(cadence_spm=170.0, speed_m_s=3.16)))
    assert fine["cadence_low_for_speed"] is False
    assert _values(bare_case(runs=_runs(cadence_spm=170.0)))["cadence_low_for_speed"] is None


def test_self_tests_against_their_norms() -> None:
    tests = (
        Entry("modified_thomas", {"thigh_level_left": True, "thigh_level_right": False}),
        Entry(
            "mcgill_endurance",
            {"flexor_s": 150, "extensor_s": 100, "side_left_s": 60, "side_right_s": 61},
        ),
        Entry("single_leg_step_down", {"pelvis_level_left": True, "pelvis_level_right": True}),
        Entry("hip_abduction_hold", {"hold_s_left": 60, "hold_s_right": 40}),
    )
    values = _values(bare_case(self_tests=tests, sex="male"))
    assert values["thomas_outside"] is True
    assert values["mcgill_ratio_outside"] is True
    assert values["side_bridge_asymmetry"] is False
    assert values["biering_sorensen_short"] is True  # extensor hold 100 s < 176 s, men
    assert values["trendelenburg"] is False
    assert values["abduction_asymmetry"] is True


def test_biering_sorensen_has_no_norm_for_women_and_no_test_can_settle_it() -> None:
    case = bare_case(self_tests=(Entry("biering_sorensen", {"hold_s": 100}),), sex="female")
    found = {o.key: o for o in observe(case)}["biering_sorensen_short"]
    assert found.value is None
    assert found.final


def test_gait_bands() -> None:
    gait = GaitMetrics(trunk_lean_deg=12.0, hip_extension_toe_off_deg=14.0, pelvic_drop_deg=None)
    values = _values(bare_case(gait=gait))
    assert values["gait_trunk_lean_high"] is True
    assert values["gait_hip_extension_low"] is False
    assert values["gait_pelvic_drop_high"] is None


def test_inflammatory_pattern_from_the_screen() -> None:
    from backstride.assess.redflags import Tier
    from backstride.reason.case import RedFlagSummary

    positive = bare_case(red_flags=RedFlagSummary(True, Tier.ROUTINE, ("R15",)))
    assert _values(positive)["inflammatory_pattern"] is True
    assert _values(bare_case())["inflammatory_pattern"] is False
