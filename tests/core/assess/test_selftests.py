"""Self-tests: norms, McGill ratios and symmetry at their boundaries, men-only Sørensen norms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.assess import selftests
from backstride.errors import InputError

EXPECTED = [
    "modified_thomas",
    "biering_sorensen",
    "mcgill_endurance",
    "hip_abduction_hold",
    "single_leg_bridge",
    "single_leg_step_down",
]


def status(result: selftests.SelfTestComparison, norm: str) -> str:
    return next(f.status for f in result.findings if f.norm == norm)


def test_every_required_test_is_there_with_instructions_and_fields() -> None:
    assert [t.id for t in selftests.tests()] == EXPECTED
    for test in selftests.tests():
        assert test.steps
        assert test.fields
        assert test.caveats
        assert test.source
        assert test.evidence in ("strong", "moderate", "weak", "case reports", "anecdotal")
    assert "Stop" in selftests.stop_rule()


@pytest.mark.parametrize(
    ("hold_s", "expected"),
    [
        (0, "outside"),
        (175.9, "outside"),
        (176, "borderline"),
        (198, "borderline"),
        (198.5, "within"),
        (240, "within"),
    ],
)
def test_biering_sorensen_thresholds_for_men(hold_s: float, expected: str) -> None:
    result = selftests.compare("biering_sorensen", {"hold_s": hold_s}, sex="male")
    assert status(result, "extensor_endurance_men") == expected


@pytest.mark.parametrize("sex", ["female", None])
def test_biering_sorensen_has_no_norm_outside_men(sex: str | None) -> None:
    result = selftests.compare("biering_sorensen", {"hold_s": 100}, sex=sex)
    finding = result.findings[0]
    assert finding.status == "not_applicable"
    assert "men only" in finding.message
    assert any("men only" in c for c in result.caveats)


def test_biering_sorensen_is_capped_at_240_s() -> None:
    with pytest.raises(InputError) as caught:
        selftests.compare("biering_sorensen", {"hold_s": 241}, sex="male")
    assert caught.value.source == "hold_s"


def mcgill(
    flexor: float, extensor: float, left: float, right: float
) -> selftests.SelfTestComparison:
    return selftests.compare(
        "mcgill_endurance",
        {"flexor_s": flexor, "extensor_s": extensor, "side_left_s": left, "side_right_s": right},
    )


def test_mcgill_ratios_at_their_limits() -> None:
    on_limit = mcgill(100, 100, 75, 75)  # flex:ext 1.0, side:ext 0.75 -> outside (strict <)
    assert status(on_limit, "flexor_to_extensor") == "outside"
    assert status(on_limit, "side_left_to_extensor") == "outside"
    under = mcgill(99, 100, 74, 74)
    assert status(under, "flexor_to_extensor") == "within"
    assert status(under, "side_right_to_extensor") == "within"


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [(100, 105, "within"), (100, 95, "within"), (100, 105.5, "outside"), (100, 94.5, "outside")],
)
def test_mcgill_side_bridge_symmetry_within_5_percent(
    left: float, right: float, expected: str
) -> None:
    assert status(mcgill(50, 200, left, right), "side_bridge_symmetry") == expected


def test_mcgill_reference_values_are_context_only() -> None:
    finding = next(f for f in mcgill(50, 100, 60, 60).findings if f.norm == "reference_times")
    assert finding.status == "info"
    assert "matassessment" in finding.source


def test_zero_extensor_hold_gives_no_ratio() -> None:
    result = mcgill(50, 0, 40, 40)
    assert status(result, "flexor_to_extensor") == "no_norm"


def test_thomas_test_limited_hip_extension_is_reported_as_may() -> None:
    result = selftests.compare(
        "modified_thomas",
        {"thigh_level_left": False, "thigh_level_right": True, "knee_flexion_deg_right": 80},
    )
    assert status(result, "one_joint_hip_flexors_left") == "outside"
    assert status(result, "one_joint_hip_flexors_right") == "within"
    assert status(result, "rectus_femoris_right") == "within"
    assert all(f.norm != "rectus_femoris_left" for f in result.findings)  # optional, not given
    assert [f.norm for f in result.outside] == ["one_joint_hip_flexors_left"]
    assert "may" in result.outside[0].message
    assert any("32%" in c for c in result.caveats)


def test_step_down_trendelenburg_sign() -> None:
    result = selftests.compare(
        "single_leg_step_down", {"pelvis_level_left": True, "pelvis_level_right": False}
    )
    assert status(result, "trendelenburg_left") == "within"
    assert status(result, "trendelenburg_right") == "outside"


@pytest.mark.parametrize("test_id", ["hip_abduction_hold", "single_leg_bridge"])
def test_holds_without_a_norm_report_the_difference(test_id: str) -> None:
    result = selftests.compare(test_id, {"hold_s_left": 40, "hold_s_right": 50})
    (finding,) = result.findings
    assert finding.status == "no_norm"
    assert finding.value == 0.25
    assert "No published norm" in finding.message


@pytest.mark.parametrize(
    ("test_id", "result", "source"),
    [
        ("biering_sorensen", {}, "hold_s"),
        ("biering_sorensen", {"hold_s": -1}, "hold_s"),
        ("biering_sorensen", {"hold_s": "90"}, "hold_s"),
        ("biering_sorensen", {"hold_s": True}, "hold_s"),
        ("biering_sorensen", {"hold_s": 90, "extra": 1}, "extra"),
        (
            "modified_thomas",
            {"thigh_level_left": "yes", "thigh_level_right": True},
            "thigh_level_left",
        ),
        (
            "modified_thomas",
            {"thigh_level_left": True, "thigh_level_right": True, "knee_flexion_deg_left": 200},
            "knee_flexion_deg_left",
        ),
        ("nope", {}, "test"),
    ],
)
def test_bad_results_name_the_field(test_id: str, result: dict[str, object], source: str) -> None:
    with pytest.raises(InputError) as caught:
        selftests.compare(test_id, result, sex="male")
    assert caught.value.source == source


def test_unknown_sex_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        selftests.compare("biering_sorensen", {"hold_s": 90}, sex="m")
    assert caught.value.source == "sex"


holds = st.floats(min_value=0, max_value=900)


@given(holds, holds, holds, holds)
def test_mcgill_findings_always_have_a_status_and_source(
    flexor: float, extensor: float, left: float, right: float
) -> None:
    result = mcgill(flexor, extensor, left, right)
    assert len(result.findings) == 5
    for finding in result.findings:
        assert finding.status in ("within", "outside", "no_norm", "info")
        assert finding.source
