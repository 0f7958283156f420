"""Written vignettes in tests/data/cases/: the ranking agrees with a clinician's reading."""

from __future__ import annotations

from pathlib import Path

from backstride.assess.redflags import Tier
from backstride.reason import as_json, explain, load_case


def _explain(cases_dir: Path, name: str):  # type: ignore[no-untyped-def]
    return explain(load_case(cases_dir / name))


def test_a_strong_warm_up_effect_in_the_runs_ranks_warm_up_first(cases_dir: Path) -> None:
    found = _explain(cases_dir, "warm_up_effect.json")
    assert found.ranked[0].id == "insufficient_warm_up"
    top = found.ranked[0]
    assert "runs_warmup_effect" in {t.key for t in top.speaks_for}
    assert "warm_up_helps_reported" in {t.key for t in top.unknown}  # "not tried": unknown


def test_the_demo_like_runner_ranks_warm_up_first_then_hip_flexors(cases_dir: Path) -> None:
    found = _explain(cases_dir, "demo_like.json")
    ids = [r.id for r in found.ranked]
    assert ids[0] == "insufficient_warm_up"
    assert ids.index("hip_flexor_tightness") < ids.index("forward_trunk_lean")
    assert ids.index("paraspinal_compartment") > 10
    assert found.next_tests
    assert {"stretch_after_not_before", "warm_up_properly"} <= {f.id for f in found.folk}


def test_repeated_load_spikes_rank_load_first(cases_dir: Path) -> None:
    found = _explain(cases_dir, "load_spikes.json")
    assert found.ranked[0].id == "load_spike"
    assert "load_spikes_repeated" in {t.key for t in found.ranked[0].speaks_for}
    warm_up = next(r for r in found.ranked if r.id == "insufficient_warm_up")
    assert "runs_warmup_effect" in {t.key for t in warm_up.speaks_against}


def test_long_desk_days_rank_sitting_first(cases_dir: Path) -> None:
    found = _explain(cases_dir, "sitting_days.json")
    assert found.ranked[0].id == "prolonged_sitting"
    extensor = next(r for r in found.ranked if r.id == "extensor_endurance")
    assert "biering_sorensen_short" in {t.key for t in extensor.unknown}  # no norm for women
    assert "biering_sorensen" not in {t.check.id for t in found.next_tests}


def test_a_positive_r3_blocks_and_ranks_nothing(cases_dir: Path) -> None:
    found = _explain(cases_dir, "red_flag_r3.json")
    assert found.blocked
    assert found.tier is Tier.EMERGENCY
    assert found.ranked == ()
    assert found.next_tests == ()
    assert found.reason is not None
    assert "emergency" in found.reason.lower()
    document = as_json(found)
    assert document == {
        "blocked": True,
        "reason": found.reason,
        "contributors": [],
        "next_tests": [],
    }


def test_every_vignette_has_a_label_and_loads(cases_dir: Path) -> None:
    files = sorted(cases_dir.glob("*.json"))
    assert len(files) >= 4
    for path in files:
        assert load_case(path).label
