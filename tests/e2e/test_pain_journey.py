"""On a phone, a runner logs his back pain on a run in three taps, and the card appears."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backstride_web.activities.models import Activity
from backstride_web.diary.models import RunPain
from tests.e2e.helpers import PHONE
from tests.factories import PASSWORD, make_runner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_log_pain_in_three_taps_then_see_the_card(new_page: Any, output_dir: Path) -> None:
    runner = make_runner("tapper@example.org")
    now = timezone.now()
    for day in range(6, 0, -1):
        Activity.objects.create(
            owner=runner,
            sport="running",
            start_utc=now - timedelta(days=day),
            elapsed_s=1800,
            distance_m=5000,
            source_name="by hand",
            source_format="manual",
            source_sha256=f"manual:{day}",
        )
    page = new_page(**PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(runner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Diary").first.click()

    for _ in range(6):
        page.locator("ul.to-log a").first.click()  # choosing the run
        page.get_by_text("5 min", exact=True).tap()  # 1: when it started
        page.locator("#id_peak_group").get_by_text("7", exact=True).tap()  # 2: how bad
        page.get_by_role("button", name="Save pain").first.tap()  # 3: save
        expect(page.get_by_text("Pain logged.")).to_be_visible()
        if page.locator("ul.to-log a").count() == 0:
            break

    assert RunPain.objects.filter(activity__owner=runner, onset_s=300, peak=7).count() == 6
    expect(page.locator(".card.insight").first).to_be_visible()
    page.screenshot(path=str(output_dir / "diary-phone.png"), full_page=True)
