"""The Explain page in a real browser: the demo runner (the reference case: a pump five
minutes in that a long warm-up abolishes) sees the warm-up contributor first, with what speaks
for it, its evidence grade and its sources; his physio reads the same page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backstride_web.demo import CLINICIAN_EMAIL, DEMO_PASSWORD, RUNNER_EMAIL, build_demo
from tests.e2e.helpers import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_demo_runner_sees_warm_up_first_with_sources(new_page: Any, output_dir: Path) -> None:
    people = build_demo(today=timezone.localdate())
    page = new_page(**PHONE)
    log_in(page, RUNNER_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name="Explain").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What may contribute to your pain")

    first = page.locator("article.explain-card").first
    expect(first).to_have_attribute("data-contributor", "insufficient_warm_up")
    expect(first.get_by_role("heading", level=2)).to_contain_text("Insufficient warm-up")
    expect(first).to_contain_text("may contribute")
    expect(first.locator(".badge.grade")).to_have_text("evidence: weak")
    # the demo's finished warm-up self-experiment ("Warm-up 10-15 min vs none") comes first
    strongest = first.locator(".explain-terms.for li").first
    expect(strongest).to_contain_text(re.compile("warm-up", re.IGNORECASE))
    expect(first.locator(".explain-plan")).to_contain_text("Brisk walk, then easy jog")

    first.get_by_text("How it may work, and the sources").click()
    source_link = first.locator(".explain-sources a").first
    expect(source_link).to_be_visible()
    expect(source_link).to_have_attribute(
        "href", "https://cdnsciencepub.com/doi/10.1139/apnm-2015-0235"
    )
    expect(page.get_by_role("heading", name="The most useful next tests")).to_be_visible()
    expect(page.get_by_text("Stretch after running, not before.")).to_be_visible()
    no_sideways = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_sideways
    page.screenshot(path=str(output_dir / "explain-phone.png"), full_page=True)

    physio = new_page()
    log_in(physio, CLINICIAN_EMAIL, DEMO_PASSWORD)
    physio.goto(f"/explain/?runner={people.runner.pk}")
    expect(physio.get_by_role("heading", level=1)).to_contain_text("What may contribute:")
    expect(physio.locator("article.explain-card").first).to_have_attribute(
        "data-contributor", "insufficient_warm_up"
    )
    physio.screenshot(path=str(output_dir / "explain-clinician.png"), full_page=True)
