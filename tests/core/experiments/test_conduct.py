"""Adherence from run data, the safety stop, and runs matched to the schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from nof1_builders import make_run

from backstride.analysis.nof1 import analyse
from backstride.experiments import (
    Arm,
    classify,
    conduct,
    design_from_template,
    get_template,
    make_schedule,
    safety_check,
)

START = date(2026, 3, 2)
WARM_UP = get_template("warm_up").design


@pytest.mark.parametrize(
    ("warmup_min", "arm", "status"),
    [
        (12.0, "A", "adherent"),
        (10.0, "A", "adherent"),
        (4.0, "A", "non_adherent"),
        (None, "A", "unknown"),
        (1.0, "B", "adherent"),
        (11.0, "B", "non_adherent"),
    ],
)
def test_warm_up_adherence_is_read_from_the_run(
    warmup_min: float | None, arm: str, status: str
) -> None:
    run = make_run(START, warmup_min=warmup_min)
    result = classify(run, WARM_UP.arm("A" if arm == "A" else "B"))
    assert result.status == status
    assert result.reason


def test_cadence_adherence_is_relative_to_the_usual_cadence() -> None:
    arm = get_template("cadence").design.arm_a
    assert classify(make_run(START, cadence_spm=170.0), arm, usual_cadence_spm=160).status == (
        "adherent"
    )
    assert classify(make_run(START, cadence_spm=162.0), arm, usual_cadence_spm=160).status == (
        "non_adherent"
    )
    assert classify(make_run(START, cadence_spm=170.0), arm).status == "unknown"


def test_shoes_lifting_and_self_report() -> None:
    shoes = design_from_template("shoes", shoes_a="Pegasus", shoes_b="Clifton")
    assert classify(make_run(START, shoes="pegasus"), shoes.arm_a).status == "adherent"
    assert classify(make_run(START, shoes="Clifton"), shoes.arm_a).status == "non_adherent"
    lifting = get_template("no_lifting_48h").design
    assert classify(make_run(START, lifting_48h=True), lifting.arm_a).status == "non_adherent"
    assert classify(make_run(START, lifting_48h=True), lifting.arm_b).status == "adherent"
    stretch = Arm("A", "Stretch daily")
    assert classify(make_run(START), stretch).status == "unknown"
    assert classify(make_run(START), stretch, reported=True).status == "adherent"
    assert classify(make_run(START, warmup_min=15), WARM_UP.arm_a, reported=False).status == (
        "non_adherent"
    )


def test_pain_above_five_halts_that_arm() -> None:
    runs = [
        ("A", make_run(START, onset_min=8, peak=4)),
        ("B", make_run(START, onset_min=5, peak=6)),
    ]
    status = safety_check(WARM_UP, runs)  # type: ignore[arg-type]
    assert status.halted_arms == ("B",)
    assert not status.stop_all
    assert status.stopped
    assert "6/10" in status.reasons[0]
    assert "No warm-up" in status.reasons[0]


def test_next_morning_pain_counts_and_five_is_still_allowed() -> None:
    ok = safety_check(WARM_UP, [("A", make_run(START, onset_min=8, peak=5, next_morning=5))])
    assert not ok.stopped
    bad = safety_check(WARM_UP, [("A", make_run(START, onset_min=8, peak=3, next_morning=6))])
    assert bad.halted_arms == ("A",)


def test_red_flags_and_leg_symptoms_stop_everything() -> None:
    assert safety_check(WARM_UP, [], red_flag=True).stop_all
    leg = make_run(START, onset_min=8, peak=3, location="below_knee")
    status = safety_check(WARM_UP, [("A", leg)])
    assert status.stop_all
    assert "red-flag screen" in status.reasons[0]


def test_conduct_matches_runs_to_slots_and_feeds_the_analysis() -> None:
    schedule = make_schedule(WARM_UP, start=START, seed=7)
    runs = [
        make_run(
            s.first_day,
            warmup_min=12 if s.arm == "A" else 0,
            onset_min=20 if s.arm == "A" else 6,
            peak=2,
        )
        for s in schedule.slots
    ]
    runs.append(make_run(schedule.slots[3].first_day, run_id="second-run-same-day"))
    runs.append(make_run(schedule.slots[2].first_day + timedelta(days=1), run_id="off-day"))
    now = datetime.combine(schedule.end, datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
    done = conduct(schedule, runs, now=now)
    assert done.complete_blocks == 6
    assert len(done.observations) == 12
    assert done.runs_outside_schedule == 2
    assert not done.missed_slots
    assert not done.safety.stopped
    assert all(o.adherent for o in done.observations)
    result = analyse(done.observations, now=now, label_a="Warm-up", label_b="No warm-up")
    assert result.verdict.kind == "a_better"
    assert result.itt.primary.difference == pytest.approx(14.0)


def test_conduct_counts_missed_slots_non_adherence_and_missing_diaries() -> None:
    schedule = make_schedule(WARM_UP, start=START, seed=7)
    blocks = schedule.block_slots
    runs = [
        make_run(
            blocks[0].first_day, warmup_min=0, onset_min=6, peak=2
        ),  # no warm-up: fits arm B only
        make_run(blocks[1].first_day, diary=False),
    ]
    now = datetime.combine(blocks[4].first_day, datetime.min.time(), tzinfo=UTC)
    done = conduct(schedule, runs, now=now)
    arm0 = blocks[0].arm
    expected = "adherent" if arm0 == "B" else "non_adherent"
    assert done.adherence["run-" + blocks[0].first_day.isoformat()].status == expected
    assert len(done.observations) == 1
    assert set(done.missed_slots) == {blocks[1].index, blocks[2].index, blocks[3].index}
    assert done.complete_blocks == 0


def test_period_design_uses_every_run_after_the_washout() -> None:
    design = get_template("hip_flexor_stretch").design
    schedule = make_schedule(design, start=START, seed=3)
    first = schedule.block_slots[0]
    runs = [make_run(first.first_day + timedelta(days=d), onset_min=9, peak=2) for d in range(7)]
    now = datetime.combine(first.last_day, datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
    done = conduct(schedule, runs, now=now, reported={runs[3].run_id: False})
    assert len(done.observations) == 5  # two washout days left out
    assert done.runs_outside_schedule == 2
    assert sum(o.adherent is False for o in done.observations) == 1


def test_a_safety_stop_reaches_the_verdict() -> None:
    schedule = make_schedule(WARM_UP, start=START, seed=7)
    blocks = schedule.block_slots
    runs = [
        make_run(s.first_day, warmup_min=12 if s.arm == "A" else 0, onset_min=5, peak=7)
        for s in blocks[:2]
    ]
    now = datetime.combine(blocks[2].first_day, datetime.min.time(), tzinfo=UTC)
    done = conduct(schedule, runs, now=now)
    assert done.safety.stopped
    result = analyse(done.observations, now=now, stop_reason=done.safety.reasons[0])
    assert result.verdict.text.startswith("Stopped early: pain 7/10")
    assert result.as_json()["verdict"]["kind"] == "not_enough_evidence"
