"""The experiment services: create (seeded, recorded, validated), follow, stop, analyse."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.utils import timezone

from backstride.errors import InputError
from backstride.experiments.design import custom_design
from backstride.experiments.schedule import randomise
from backstride.experiments.templates import design_from_template
from backstride_web.accounts.models import User
from backstride_web.experiments import services
from backstride_web.experiments.models import Experiment
from tests.web.experiments.conftest import at, log_run, today, warm_up_experiment


def _tomorrow() -> datetime.date:
    return today() + datetime.timedelta(days=1)


def test_creating_records_the_seed_allocation_and_schedule(runner: User) -> None:
    design = design_from_template("warm_up")
    experiment = services.create_experiment(runner, design, _tomorrow(), 42)
    assert experiment.status == "planned"
    assert experiment.seed == 42
    assert experiment.allocation["orders"] == [list(o) for o in randomise(6, 42).orders]
    assert len(experiment.schedule) == 2 + 12
    assert experiment.schedule[0]["phase"] == "run_in"
    schedule = services.schedule_of(experiment)
    assert schedule.end == experiment.end
    assert services.design_of(experiment) == design


def test_a_fresh_seed_is_drawn_and_kept(runner: User) -> None:
    experiment = services.create_experiment(runner, design_from_template("warm_up"), _tomorrow())
    again = Experiment.objects.get(pk=experiment.pk)
    assert services.schedule_of(again).allocation.seed == experiment.seed


def test_an_altered_allocation_is_refused(runner: User) -> None:
    experiment = services.create_experiment(
        runner, design_from_template("warm_up"), _tomorrow(), 42
    )
    orders = experiment.allocation["orders"]
    orders[0] = list(reversed(orders[0]))
    experiment.save()
    with pytest.raises(InputError) as error:
        services.schedule_of(experiment)
    assert error.value.source == "allocation"


def test_overlapping_dates_on_the_same_outcome_are_refused_and_nothing_saved(
    runner: User,
) -> None:
    first = services.create_experiment(runner, design_from_template("warm_up"), _tomorrow(), 1)
    with pytest.raises(InputError) as error:
        services.create_experiment(
            runner, design_from_template("cadence"), first.start + datetime.timedelta(days=3), 2
        )
    assert error.value.source == "start"
    assert "overlap" in error.value.message
    assert Experiment.objects.count() == 1


def test_another_outcome_may_run_at_the_same_time(runner: User) -> None:
    services.create_experiment(runner, design_from_template("warm_up"), _tomorrow(), 1)
    morning = dataclasses.replace(
        custom_design("Evening vs morning", "Evening", "Morning"),
        primary="next_morning_pain",
        secondary=("pain_free_min", "peak_pain"),
    )
    services.create_experiment(runner, morning, _tomorrow(), 2)
    assert Experiment.objects.count() == 2


def test_a_stopped_experiment_frees_its_dates(runner: User) -> None:
    first = services.create_experiment(runner, design_from_template("warm_up"), _tomorrow(), 1)
    services.stop(first, "changed my mind", timezone.now())
    services.create_experiment(runner, design_from_template("cadence"), _tomorrow(), 2)
    assert Experiment.objects.filter(status="planned").count() == 1


def test_a_start_in_the_past_is_refused(runner: User) -> None:
    with pytest.raises(InputError) as error:
        services.create_experiment(
            runner, design_from_template("warm_up"), today() - datetime.timedelta(days=1)
        )
    assert error.value.source == "start"
    assert not Experiment.objects.exists()


def test_no_run_days_is_refused(runner: User) -> None:
    with pytest.raises(InputError) as error:
        services.create_experiment(
            runner, design_from_template("warm_up"), _tomorrow(), 3, run_days=()
        )
    assert error.value.source == "run_days"
    assert not Experiment.objects.exists()


def test_the_arm_is_assigned_per_day_and_revealed_only_on_the_day(runner: User) -> None:
    experiment = services.create_experiment(
        runner, design_from_template("warm_up"), _tomorrow(), 42
    )
    schedule = services.schedule_of(experiment)
    first_block = schedule.block_slots[0]
    found = services.arm_on(runner, first_block.first_day)
    assert found is not None
    assert found[0] == experiment
    assert found[1].key == first_block.arm
    assert services.arm_on(runner, schedule.slots[0].first_day) is None  # run-in
    assert services.revealed_arm(runner, first_block.first_day, now=timezone.now()) is None
    later = at(first_block.first_day, 9)
    assert services.revealed_arm(runner, first_block.first_day, now=later) == found
    slot = services.slot_on(runner, schedule.slots[0].first_day)
    assert slot is not None
    assert slot[1].phase == "run_in"


def test_status_moves_from_planned_to_running_to_finished(runner: User) -> None:
    start = today() - datetime.timedelta(days=50)
    experiment = warm_up_experiment(runner, start=start, effect_min=15.0)
    services.refresh(experiment, at(start - datetime.timedelta(days=1)))
    assert experiment.status == "planned"
    services.refresh(experiment, at(start + datetime.timedelta(days=3)))
    assert experiment.status == "running"
    services.refresh(experiment, at(experiment.end + datetime.timedelta(days=1)))
    experiment.refresh_from_db()
    assert experiment.status == "finished"
    assert experiment.verdict == "a_better"
    assert experiment.result is not None
    assert experiment.result["verdict"]["kind"] == "a_better"


def test_pain_above_five_stops_the_experiment(runner: User) -> None:
    start = today() - datetime.timedelta(days=20)
    experiment = warm_up_experiment(runner, start=start, effect_min=10.0, until=start)
    first_block = services.schedule_of(experiment).block_slots[0]
    log_run(runner, first_block.first_day, onset_min=5, peak=7)
    services.refresh(experiment, timezone.now())
    experiment.refresh_from_db()
    assert experiment.status == "stopped"
    assert "7/10" in experiment.stop_reason
    assert experiment.result["verdict"]["text"].startswith("Stopped early")


def test_leg_pain_stops_everything(runner: User) -> None:
    start = today() - datetime.timedelta(days=20)
    experiment = warm_up_experiment(runner, start=start, effect_min=10.0, until=start)
    first_block = services.schedule_of(experiment).block_slots[0]
    log_run(runner, first_block.first_day, onset_min=5, peak=3, location="thigh")
    services.refresh(experiment, timezone.now())
    assert experiment.status == "stopped"
    assert "leg" in experiment.stop_reason


def test_the_runner_may_stop_with_a_reason(runner: User) -> None:
    experiment = services.create_experiment(runner, design_from_template("warm_up"), _tomorrow())
    with pytest.raises(InputError) as error:
        services.stop(experiment, "   ", timezone.now())
    assert error.value.source == "reason"
    services.stop(experiment, "holiday", timezone.now())
    assert experiment.status == "stopped"
    assert "holiday" in experiment.stop_reason
    with pytest.raises(InputError):
        services.stop(experiment, "again", timezone.now())


def test_the_answer_no_makes_a_run_non_adherent(runner: User) -> None:
    start = today() - datetime.timedelta(days=20)
    experiment = warm_up_experiment(runner, start=start, effect_min=10.0)
    slot = services.schedule_of(experiment).block_slots[0]
    run = next(
        r
        for r in services.experiment_runs(experiment, timezone.now())
        if r.start_utc.date() == slot.first_day
    )
    activity = runner.activities.get(pk=int(run.run_id))
    services.answer_adherence(experiment, activity, False, now=timezone.now())
    done = services.conducted(experiment, timezone.now())
    assert done.adherence[run.run_id].status == "non_adherent"


def test_an_answer_for_a_run_outside_the_experiment_is_refused(runner: User) -> None:
    experiment = warm_up_experiment(
        runner, start=today() - datetime.timedelta(days=20), effect_min=10.0
    )
    outside = log_run(runner, experiment.start - datetime.timedelta(days=5))
    with pytest.raises(InputError) as error:
        services.answer_adherence(experiment, outside, True, now=timezone.now())
    assert error.value.source == "activity"


def test_progress_hides_future_arms(running: Experiment) -> None:
    shown = services.progress(running, timezone.now())
    for row in shown.rows:
        assert (row.arm is not None) == (row.revealed and row.slot.arm is not None)
        if row.slot.first_day > shown.today:
            assert row.arm is None
    assert any(r.run is not None for r in shown.rows)


def test_the_precision_hint_reads_the_runners_own_runs(runner: User) -> None:
    assert "Log at least" in services.precision_for(runner, 6, now=timezone.now()).text
    for i, onset in enumerate((5, 9, 6, 12, 7)):
        log_run(runner, today() - datetime.timedelta(days=2 * i + 1), onset_min=onset)
    hint = services.precision_for(runner, 6, now=timezone.now())
    assert hint.sd_min is not None
    assert hint.n_past_runs == 5
    assert "blocks" in hint.text


def test_finished_results_are_given_to_explain(finished: Experiment, runner: User) -> None:
    [result] = services.experiment_results(runner, now=timezone.now())
    assert result.template_id == "warm_up"
    assert result.contributors == ("insufficient_warm_up",)
    assert result.verdict == "a_better"
    assert result.difference is not None
    assert result.difference > 10
    assert services.experiment_results(runner, now=at(finished.start)) == ()


def _red_flag_screen(runner: User) -> None:
    from backstride.assess import redflags
    from backstride_web.assessments.services import record_screen

    answers = {q.id: "no" for q in redflags.questions() if q.follow_up_of is None}
    record_screen(runner, {**answers, "R3": "yes"}, short=False, now=timezone.now())


def test_a_red_flag_since_the_start_stops_everything(running: Experiment, runner: User) -> None:
    _red_flag_screen(runner)
    services.refresh(running, timezone.now())
    assert running.status == "stopped"
    assert "red-flag" in running.stop_reason


def test_no_experiment_while_a_red_flag_waits_for_a_clinician(runner: User) -> None:
    _red_flag_screen(runner)
    with pytest.raises(InputError) as error:
        services.create_experiment(runner, design_from_template("warm_up"), _tomorrow())
    assert error.value.source == "safety"
    assert not Experiment.objects.exists()


@pytest.mark.parametrize("template", ["warm_up", "hip_flexor_stretch", "cadence", "no_lifting_48h"])
def test_every_template_design_round_trips_through_json(template: str) -> None:
    design = design_from_template(template)
    assert services.design_from_json(design.as_json()) == design
    shoes = design_from_template("shoes", shoes_a="Pegasus", shoes_b="Clifton")
    assert services.design_from_json(shoes.as_json()) == shoes


def test_a_broken_design_record_names_the_field() -> None:
    with pytest.raises(InputError) as error:
        services.design_from_json({"name": "x"})
    assert error.value.source == "design"


def test_the_usual_run_days_come_from_the_last_eight_weeks(runner: User) -> None:
    assert services.usual_run_days(runner, now=timezone.now()) == services.DEFAULT_RUN_DAYS
    day = today() - datetime.timedelta(days=1)
    for _ in range(40):
        if day.weekday() in (1, 3, 6):
            log_run(runner, day)
        day -= datetime.timedelta(days=1)
    assert services.usual_run_days(runner, now=timezone.now()) == (1, 3, 6)


def test_no_experiment_before_the_safety_screen(db: None) -> None:
    from tests.factories import make_runner

    unscreened = make_runner("new@example.org", screened=False)
    with pytest.raises(InputError) as error:
        services.create_experiment(unscreened, design_from_template("warm_up"), _tomorrow())
    assert error.value.source == "safety"
    assert "safety screen first" in error.value.message


def test_a_period_design_counts_every_run_after_the_washout(runner: User) -> None:
    design = custom_design(
        "Stretch daily vs not",
        "Daily stretching",
        "No stretching",
        unit="period",
        n_blocks=2,
        run_in=0,
        period_days=3,
        washout_days=1,
    )
    start = today() - datetime.timedelta(days=20)
    experiment = services.create_experiment(
        runner, design, start, 8, run_days=range(7), now=at(start - datetime.timedelta(days=1))
    )
    for offset in range(12):
        log_run(runner, start + datetime.timedelta(days=offset), onset_min=6 + offset % 3)
    shown = services.progress(experiment, timezone.now())
    assert [r.more_runs for r in shown.rows] == [1, 1, 1, 1]
    assert len(shown.done.observations) == 8  # 2 analysed days x 4 periods
    assert shown.done.complete_blocks == 2
