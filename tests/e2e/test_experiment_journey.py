"""Self-experiments in a real browser, on the demo runner: his finished warm-up experiment's
results (verdict, CENT period diagram), the cadence experiment in progress, and setting up a
new one through the wizard, where zero blocks and overlapping dates are refused beside their
fields before a valid design is randomised and scheduled."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backstride_web.demo import CLINICIAN_EMAIL, DEMO_PASSWORD, RUNNER_EMAIL, build_demo
from backstride_web.experiments.models import Experiment
from tests.e2e.helpers import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_wizard_schedule_and_results(new_page: Any, output_dir: Path) -> None:
    people = build_demo(today=timezone.localdate())
    cadence = Experiment.objects.get(runner=people.runner, template_id="cadence")
    page = new_page(**PHONE)
    log_in(page, RUNNER_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name="Experiments").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your self-experiments")
    expect(page.locator(".experiment-card")).to_contain_text("Cadence")
    _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "experiments-phone.png"), full_page=True)

    page.get_by_role("link", name="Warm-up 10-15 min vs none").click()
    expect(page.locator(".verdict")).to_contain_text("Warm-up looks better than No warm-up")
    expect(page.locator("svg.period-diagram")).to_be_visible()
    expect(page.get_by_text("Intention-to-treat: every run as randomised")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "results-phone.png"), full_page=True)

    page.goto("/experiments/")
    page.locator(".experiment-card h3 a").first.click()
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    expect(page.locator(".progress-count")).to_contain_text("blocks complete")
    expect(page.get_by_text("shown on the day").first).to_be_visible()
    page.screenshot(path=str(output_dir / "schedule-phone.png"), full_page=True)

    page.goto("/experiments/")
    page.get_by_role("link", name="Start an experiment").click()
    warm_up = page.locator(".template-card", has_text="Warm-up 10-15 min vs none")
    expect(warm_up).to_contain_text("in Explain")
    warm_up.get_by_role("link", name="Use this template").click()
    expect(page.get_by_text("Safety stop.")).to_be_visible()
    expect(page.locator("#precision-hint")).to_contain_text("Precision")

    page.get_by_label("Number of blocks").fill("0")
    page.get_by_role("button", name="Randomise and set up").click()
    expect(page.locator("#id_n_blocks_error")).to_contain_text("at least one block")

    page.get_by_label("Number of blocks").fill("6")
    page.get_by_role("button", name="Randomise and set up").click()
    expect(page.locator("#id_start_error")).to_contain_text("overlap")
    assert Experiment.objects.filter(runner=people.runner).count() == 2

    later = cadence.end + datetime.timedelta(days=1)
    page.get_by_label("First day").fill(later.isoformat())
    page.get_by_role("button", name="Randomise and set up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warm-up 10-15 min vs none")
    expect(page.get_by_text("The experiment starts on")).to_be_visible()
    assert Experiment.objects.filter(runner=people.runner, status="planned").count() == 1
    page.screenshot(path=str(output_dir / "new-schedule-phone.png"), full_page=True)

    physio = new_page()
    log_in(physio, CLINICIAN_EMAIL, DEMO_PASSWORD)
    expect(physio.get_by_text("Experiment finished: Warm-up 10-15 min vs none")).to_be_visible()
    physio.goto(f"/experiments/?runner={people.runner.pk}")
    expect(physio.get_by_role("heading", level=1)).to_contain_text("Self-experiments:")
    physio.screenshot(path=str(output_dir / "experiments-clinician.png"), full_page=True)
