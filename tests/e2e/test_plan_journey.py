"""The plan in a real browser: a runner sets a goal, reads the plan, opens a session and its
warm-up, and downloads the calendar file and a watch workout; a runner a week into a plan marks
a session done, sees the adherence rise, and downloads a watch workout and the calendar."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from garmin_fit_sdk import Decoder, Stream
from playwright.sync_api import expect

from backstride_web.plans.models import RunnerPlan
from tests.e2e.helpers import PHONE, log_in
from tests.factories import make_runner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def _download_fit_then_ics(page: Any) -> None:
    """From a session page: its FIT workout decodes with the official SDK; back on the plan,
    the calendar file parses and holds the sessions."""
    with page.expect_download() as fit_download:
        page.get_by_role("link", name="Download as a watch workout (FIT)").first.click()
    content = Path(fit_download.value.path()).read_bytes()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(content))).read()
    assert errors == []
    assert messages["workout_mesgs"][0]["sport"] == "running"

    page.get_by_role("link", name="← Your plan").click()
    with page.expect_download() as ics_download:
        page.get_by_role("link", name="Calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(ics_download.value.path()).read_bytes())
    assert len(list(calendar.walk("VEVENT"))) > 10


def test_set_a_goal_read_the_plan_open_a_session_and_download(
    new_page: Any, output_dir: Path
) -> None:
    make_runner("plan@example.org")
    page = new_page(**PHONE, accept_downloads=True)
    log_in(page, "plan@example.org")
    page.get_by_role("link", name="Plan").click()
    expect(page.get_by_text("No plan yet")).to_be_visible()

    # An unrealistic goal is refused on the form, with the earliest realistic date.
    too_soon = datetime.date.today() + datetime.timedelta(weeks=20)
    page.get_by_label("Goal race").select_option("marathon")
    page.get_by_label("Race day").fill(too_soon.isoformat())
    page.get_by_role("button", name="Make my plan").click()
    error = page.locator("#id_race_day_error")
    expect(error).to_contain_text("is not realistic from where you are")
    expect(error).to_contain_text("Earliest realistic date:")
    expect(page.get_by_label("Race day")).to_have_attribute("aria-invalid", "true")
    assert not RunnerPlan.objects.exists()

    page.get_by_label("Goal race").select_option("5k")
    page.get_by_label("Race day").fill((too_soon - datetime.timedelta(weeks=2)).isoformat())
    page.get_by_role("button", name="Make my plan").click()
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()
    expect(page.get_by_text("Your plan is ready.")).to_be_visible()
    expect(page.get_by_text("Pain rule:").first).to_be_visible()
    assert _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "plan-phone.png"), full_page=True)

    page.locator(".plan-today").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="What to do")).to_be_visible()
    expect(page.get_by_role("heading", name="-minute warm-up")).to_be_visible()
    assert _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "session-phone.png"), full_page=True)
    page.get_by_role("link", name="Walking lunges").first.click()
    expect(page.get_by_role("heading", name="Walking lunges")).to_be_visible()
    expect(page.get_by_role("heading", name="Cautions")).to_be_visible()
    assert _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "exercise-phone.png"), full_page=True)
    page.go_back()

    _download_fit_then_ics(page)
    assert _no_sideways_scroll(page)


def test_open_the_plan_mark_a_session_done_and_download(new_page: Any, output_dir: Path) -> None:
    from django.utils import timezone

    from backstride.plan.model import Goal
    from backstride_web.plans import adherence, services
    from backstride_web.plans.models import SessionMark

    runner = make_runner("adherent@example.org")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=8)  # built a week ago: sessions are due
    row = services.create_plan(
        runner, Goal("5k", start + datetime.timedelta(weeks=16)), today=start, now=timezone.now()
    )
    due = [
        d
        for d in adherence.planned_days(row, services.stored_plan(row))
        if d.day < today and d.is_run
    ]
    day = due[0].day
    label = f"{day:%a} {day.day} {day:%b}"

    page = new_page(**PHONE, accept_downloads=True)
    log_in(page, "adherent@example.org")
    page.get_by_role("link", name="Plan").click()
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()
    expect(page.locator(".adherence")).to_contain_text("Adherence: 0 of")

    page.get_by_role("button", name=f"Mark {label} done").click()
    expect(page.get_by_text(f"{day:%a %d %b}: done.")).to_be_visible()
    expect(page.locator(".adherence")).to_contain_text("Adherence: 1 of")
    expect(page.locator(".mark-done").first).to_have_text("Done")
    assert _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "plan-marked-phone.png"), full_page=True)
    assert SessionMark.objects.get().day == day

    # The session page shows the mark, the warm-up with its stick figures, and the FIT link.
    page.get_by_role("link", name=f"{label}:").first.click()
    expect(page.get_by_role("heading", name="What to do")).to_be_visible()
    expect(page.locator(".session-adherence .mark-done")).to_have_text("Done")
    figure = page.get_by_role("img", name="Walking lunges: stick-figure illustration").first
    expect(figure).to_be_visible()
    page.screenshot(path=str(output_dir / "session-marked-phone.png"), full_page=True)
    _download_fit_then_ics(page)
