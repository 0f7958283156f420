"""The report section, the export section and the clinician's "experiment finished" alert."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from backstride_web.accounts.export import build_export
from backstride_web.accounts.models import User
from backstride_web.experiments import services
from backstride_web.experiments.alerts import experiment_alert
from backstride_web.experiments.models import Experiment
from backstride_web.experiments.report import experiments_section
from backstride_web.pages.alerts import alerts_for
from backstride_web.report.sections import SECTIONS, ReportPeriod
from tests.web.experiments.conftest import at, log_run, today, warm_up_experiment


def _period(days: int = 90) -> ReportPeriod:
    return ReportPeriod(today() - datetime.timedelta(days=days), today(), now=timezone.now())


def test_the_section_is_registered_in_order() -> None:
    section = SECTIONS["experiments"]
    assert section.title == "Self-experiments"
    assert section.order == 80
    assert section.template == "experiments/report_section.html"


def test_the_section_shows_the_results_page_numbers(finished: Experiment, runner: User) -> None:
    built = experiments_section(runner, _period())
    assert built is not None
    [shown] = built["experiments"]
    assert (
        shown["result"].itt.primary.difference == finished.result["itt"]["effects"][0]["difference"]
    )
    assert "period-diagram" in shown["diagram"]
    assert any("CENT" in s for s in built["sources"])
    assert any("Bishop" in s for s in built["sources"])  # the template's own source


def test_no_experiment_in_the_period_is_no_data(finished: Experiment, runner: User) -> None:
    assert experiments_section(runner, _period(days=3)) is None


def test_a_running_experiment_is_analysed_as_of_the_period_end(
    runner: User,
) -> None:
    experiment = warm_up_experiment(
        runner, start=today() - datetime.timedelta(days=40), effect_min=15.0
    )
    services.refresh(experiment, at(today() - datetime.timedelta(days=20)))
    end = today() - datetime.timedelta(days=20)
    period = ReportPeriod(end - datetime.timedelta(days=30), end, now=timezone.now())
    built = experiments_section(runner, period)
    assert built is not None
    [shown] = built["experiments"]
    assert all(o.day <= end for o in shown["done"].observations)


def test_the_export_holds_the_design_seed_and_answers(finished: Experiment, runner: User) -> None:
    run = services.experiment_runs(finished, timezone.now())[-1]
    finished.answers.create(activity_id=int(run.run_id), followed=True)
    document = build_export(runner, now=timezone.now())
    [item] = document["experiments"]
    assert item["seed"] == finished.seed
    assert item["allocation"]["orders"] == finished.allocation["orders"]
    assert item["design"]["arm_a"]["label"] == "Warm-up"
    assert item["verdict"] == "a_better"
    assert item["adherence_answers"][0]["followed"] is True
    json.dumps(document["experiments"])  # plain JSON values only


def test_a_finished_experiment_alerts_the_clinician(runner: User) -> None:
    experiment = warm_up_experiment(
        runner, start=today() - datetime.timedelta(days=40), effect_min=15.0
    )
    assert experiment.end < today()  # not refreshed yet: the alert finishes it
    alerts = alerts_for(runner, now=timezone.now())
    assert any(
        a.level == "caution" and a.text.startswith("Experiment finished: Warm-up") for a in alerts
    )


def test_the_alert_fades_after_four_weeks(finished: Experiment, runner: User) -> None:
    later = finished.finished_at + datetime.timedelta(days=29)
    assert experiment_alert(runner, now=later) is None


def test_a_safety_stop_asks_for_the_clinician(runner: User) -> None:
    start = today() - datetime.timedelta(days=20)
    experiment = warm_up_experiment(runner, start=start, effect_min=10.0, until=start)
    log_run(runner, services.schedule_of(experiment).block_slots[0].first_day, peak=8)
    found = experiment_alert(runner, now=timezone.now())
    assert found is not None
    level, text = found
    assert level == "see_clinician"
    assert "safety stop" in text
