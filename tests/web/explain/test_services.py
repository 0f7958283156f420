"""build_case: stored data -> the core's case, one path for page, CLI and report."""

from __future__ import annotations

import json

from django.utils import timezone
from typer.testing import CliRunner

from backstride.assess.redflags import Tier
from backstride.cli import app
from backstride_web.accounts.models import User
from backstride_web.assessments.models import SelfTestResult
from backstride_web.explain.services import build_case, explain_runner


def test_the_case_holds_intake_self_tests_and_runs(populated: User) -> None:
    case = build_case(populated, now=timezone.now())
    assert case.red_flags.screened
    assert case.red_flags.tier is Tier.NONE
    assert case.pain_profile is not None
    assert case.pain_profile.warm_up_effect == "abolishes"
    assert case.runs is not None
    warm_up = next(c for c in case.runs.comparisons if c.condition == "warm_up")
    assert warm_up.yes_runs == 8
    assert warm_up.p_value is not None
    assert warm_up.p_value < 0.05
    assert case.runs.cadence_spm == 168


def test_the_warm_up_ranks_first(populated: User) -> None:
    _, found = explain_runner(populated, now=timezone.now())
    assert not found.blocked
    assert found.ranked[0].id == "insufficient_warm_up"


def test_a_stored_result_the_core_rejects_is_left_out_and_noted(populated: User) -> None:
    SelfTestResult.objects.filter(runner=populated).update(values={"thigh_level_left": "maybe"})
    case = build_case(populated, now=timezone.now())
    assert case.self_tests == ()
    assert any("left out" in note for note in case.notes)


def test_the_cli_uses_the_same_path(populated: User) -> None:
    result = CliRunner().invoke(app, ["explain", "--user", populated.email, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"blocked", "reason", "contributors", "next_tests"}
    assert document["contributors"][0]["id"] == "insufficient_warm_up"
    text = CliRunner().invoke(app, ["explain", "--user", populated.email])
    assert "Insufficient warm-up" in text.stdout


def test_the_cli_refuses_a_clinician_and_an_unknown_user(clinician: User) -> None:
    refused = CliRunner().invoke(app, ["explain", "--user", clinician.email])
    assert refused.exit_code == 2
    assert "not a runner" in refused.output
    ghost = CliRunner().invoke(app, ["explain", "--user", "ghost@example.org"])
    assert ghost.exit_code == 2
