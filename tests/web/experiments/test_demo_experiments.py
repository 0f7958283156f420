"""The demo runner's experiments: one finished warm-up experiment (a real, arm-dependent
effect in simulated FIT runs) and one cadence experiment in progress; the same numbers on the
results page, in the report (HTML and PDF), in Explain and in the clinician's alert."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backstride_web.demo import DemoPeople, build_demo
from backstride_web.experiments.models import Experiment
from backstride_web.explain.services import build_case, explain_runner
from backstride_web.report.periods import default_period
from backstride_web.report.render import render_report_html, render_report_pdf
from tests.web.report.conftest import pdf_text


@pytest.fixture
def demo(db: None) -> DemoPeople:
    return build_demo(today=timezone.localdate())


def _pair(demo: DemoPeople) -> tuple[Experiment, Experiment]:
    finished = Experiment.objects.get(runner=demo.runner, template_id="warm_up")
    running = Experiment.objects.get(runner=demo.runner, template_id="cadence")
    return finished, running


def test_one_finished_and_one_in_progress(demo: DemoPeople) -> None:
    finished, running = _pair(demo)
    assert finished.status == "finished"
    assert finished.verdict == "a_better"
    primary = finished.result["itt"]["effects"][0]
    assert primary["n_blocks"] == 6
    assert primary["difference"] > 10
    assert primary["p_value"] <= 0.05
    per_protocol = finished.result["per_protocol"]
    assert per_protocol["n_runs"] == finished.result["itt"]["n_runs"] - 1  # one short warm-up
    assert running.status == "running"
    assert running.start < timezone.localdate() <= running.end


def test_the_demo_runs_carry_their_arm(demo: DemoPeople) -> None:
    from backstride_web.experiments import services

    finished, running = _pair(demo)
    done = services.conducted(finished, timezone.now())
    statuses = [a.status for a in done.adherence.values()]
    assert statuses.count("non_adherent") == 1
    assert statuses.count("adherent") == 11
    cadence = services.conducted(running, timezone.now())
    assert cadence.observations
    assert all(a.status == "adherent" for a in cadence.adherence.values())


def test_pages_are_full(demo: DemoPeople, client_for: Callable[..., Any]) -> None:
    finished, running = _pair(demo)
    client = client_for(demo.runner)
    home = client.get(reverse("experiments:home")).content.decode()
    assert "Warm-up 10-15 min vs none" in home
    assert "Warm-up came out better (p = 0.031)" in home
    assert "Cadence" in home
    results = client.get(
        reverse("experiments:results", kwargs={"experiment_id": finished.pk})
    ).content.decode()
    assert "Warm-up looks better than No warm-up for you" in results
    detail = client.get(reverse("experiments:detail", kwargs={"experiment_id": running.pk}))
    assert detail.status_code == 200
    assert detail.context["progress"].done.observations


def test_the_report_prints_the_same_numbers(demo: DemoPeople, tmp_path: Path) -> None:
    finished, _ = _pair(demo)
    now = timezone.now()
    period = default_period(timezone.localdate())
    html = render_report_html(demo.runner, period, now=now)
    primary = finished.result["itt"]["effects"][0]
    difference = f"{primary['difference']:.1f}"
    assert "Self-experiments" in html
    assert "Warm-up looks better than No warm-up for you" in html
    assert difference in html
    assert "period-diagram" in html
    text = pdf_text(render_report_pdf(demo.runner, period, now=now), tmp_path)
    assert "Self-experiments" in text
    assert difference in text
    assert "Warm-up looks better" in text


def test_the_finished_experiment_feeds_explain(demo: DemoPeople) -> None:
    case = build_case(demo.runner, now=timezone.now())
    assert [e.template_id for e in case.experiments] == ["warm_up"]
    _, found = explain_runner(demo.runner, now=timezone.now())
    warm_up = next(r for r in found.ranked if r.id == "insufficient_warm_up")
    assert "experiment_warm_up" in {t.key for t in warm_up.speaks_for}
    assert found.ranked[0].id == "insufficient_warm_up"


def test_the_clinician_is_alerted(demo: DemoPeople, client_for: Callable[..., Any]) -> None:
    body = client_for(demo.clinician).get(reverse("pages:home")).content.decode()
    assert "Experiment finished: Warm-up 10-15 min vs none; Warm-up came out better." in body
