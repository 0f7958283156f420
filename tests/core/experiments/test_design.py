"""Designs and templates: validation errors name the field, templates are cited and linked."""

from __future__ import annotations

import dataclasses

import pytest

from backstride import knowledge
from backstride.errors import InputError
from backstride.experiments import (
    AdherenceRule,
    Arm,
    Design,
    custom_design,
    design_from_template,
    get_template,
    templates,
)
from backstride.knowledge import load

TEMPLATE_IDS = ("warm_up", "hip_flexor_stretch", "cadence", "shoes", "no_lifting_48h")


def _design(**changes: object) -> Design:
    base = custom_design("Warm-up test", "Warm-up", "No warm-up")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_five_templates_are_there_with_defaults() -> None:
    assert tuple(t.id for t in templates()) == TEMPLATE_IDS
    for template in templates():
        design = template.design
        assert design.n_blocks >= 6
        assert design.primary == "pain_free_min"
        assert design.secondary == ("peak_pain", "next_morning_pain")
        assert design.safety_stop_nrs == 5
        assert template.source
        assert template.evidence in knowledge.EVIDENCE_GRADES
        assert design.fixed


def test_templates_link_to_known_contributors() -> None:
    known = {str(c["id"]) for c in load("contributors")["contributor"]}
    for template in templates():
        assert set(template.design.contributors) <= known
        assert template.design.contributors or template.contributor_note


def test_warm_up_arm_needs_ten_easy_minutes() -> None:
    design = get_template("warm_up").design
    assert design.arm_a.adherence == AdherenceRule("warmup_min", minimum=10.0)
    assert design.unit == "run"
    assert design.min_gap_h >= 24
    assert design.run_in == 2


def test_stretching_uses_periods_of_days_with_washout() -> None:
    design = get_template("hip_flexor_stretch").design
    assert design.unit == "period"
    assert 0 < design.washout_days < design.period_days


def test_shoe_template_needs_two_different_named_pairs() -> None:
    design = design_from_template("shoes", shoes_a="Pegasus", shoes_b="Clifton")
    assert design.arm_a.adherence.value == "Pegasus"
    assert "Clifton" in design.arm_b.label
    with pytest.raises(InputError) as error:
        design_from_template("shoes", shoes_a="Pegasus")
    assert error.value.source == "shoes_b"
    with pytest.raises(InputError, match="identical"):
        design_from_template("shoes", shoes_a="Pegasus", shoes_b=" pegasus ")


def test_template_choices_can_change_blocks_but_not_to_zero() -> None:
    assert design_from_template("warm_up", n_blocks=8).n_blocks == 8
    with pytest.raises(InputError, match="at least one block") as error:
        design_from_template("warm_up", n_blocks=0)
    assert error.value.source == "n_blocks"


def test_unknown_template_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="warm_up"):
        get_template("yoga")


@pytest.mark.parametrize("blocks", [0, -3])
def test_zero_blocks_is_a_clear_error(blocks: int) -> None:
    with pytest.raises(InputError, match="at least one block") as error:
        _design(n_blocks=blocks)
    assert error.value.source == "n_blocks"
    assert "n_blocks: " in str(error.value)


@pytest.mark.parametrize(
    ("label_a", "label_b"), [("Warm-up", "Warm-up"), ("Warm-up", "  warm-UP "), ("A", "a")]
)
def test_identical_arms_are_a_clear_error(label_a: str, label_b: str) -> None:
    with pytest.raises(InputError, match="identical") as error:
        custom_design("Test", label_a, label_b)
    assert error.value.source == "arm_b"


def test_arms_with_same_instructions_and_rule_are_identical() -> None:
    a = Arm("A", "Morning run", "Run 5 km easy")
    b = Arm("B", "Evening run", "run 5 km  EASY")
    with pytest.raises(InputError, match="identical"):
        _design(arm_a=a, arm_b=b)


@pytest.mark.parametrize(
    ("changes", "source"),
    [
        ({"unit": "week"}, "unit"),
        ({"n_blocks": 41}, "n_blocks"),
        ({"run_in": -1}, "run_in"),
        ({"min_gap_h": 200.0}, "min_gap_h"),
        ({"unit": "period", "period_days": 0}, "period_days"),
        ({"unit": "period", "period_days": 3, "washout_days": 3}, "washout_days"),
        ({"period_days": 7}, "unit"),
        ({"primary": "mood"}, "primary"),
        ({"secondary": ("pain_free_min",)}, "secondary"),
        ({"safety_stop_nrs": 7}, "safety_stop_nrs"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_design_fields_are_named(changes: dict[str, object], source: str) -> None:
    with pytest.raises(InputError) as error:
        _design(**changes)
    assert error.value.source == source


def test_bad_adherence_rules_are_refused() -> None:
    with pytest.raises(InputError):
        AdherenceRule("warmup_min")
    with pytest.raises(InputError):
        AdherenceRule("warmup_min", minimum=10, maximum=5)
    with pytest.raises(InputError):
        AdherenceRule("shoes")
    with pytest.raises(InputError):
        AdherenceRule("telepathy")


def test_design_is_json_ready() -> None:
    data = get_template("cadence").design.as_json()
    assert data["arm_a"]["adherence"]["check"] == "cadence_ratio"
    assert data["n_blocks"] == 6
