"""Onboarding safety screen in a real browser.

One runner answers a red flag "yes": the full-screen emergency page appears and plan pages
stay locked. Another answers all "no", fills in STarT Back and reads the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from backstride.assess import redflags
from backstride_web.assessments.models import InstrumentResponse, Screen
from tests.e2e.helpers import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "my knees are fine, my back is not"


def _sign_up(page: Any, email: str, name: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Runner").check()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/assess/screen/?next=*")


def _answer(page: Any, answers: dict[str, str]) -> None:
    for question_id, answer in answers.items():
        page.locator(f'input[name="{question_id}"][value="{answer}"]').check()
    page.get_by_role("button", name="Send my answers").click()


def _all_no() -> dict[str, str]:
    return {q.id: "no" for q in redflags.questions() if q.follow_up_of is None}


def _no_sideways_scroll(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def test_a_red_flag_leads_to_emergency_care_and_locks_the_plans(
    new_page: Any, output_dir: Path
) -> None:
    page = new_page(**PHONE)
    _sign_up(page, "flag@example.org", "Flag")
    # The screen cannot be skipped: any other page comes back to it.
    page.goto("/")
    page.wait_for_url("**/assess/screen/?next=*")
    expect(page.get_by_text("it cannot be skipped")).to_be_visible()
    page.screenshot(path=str(output_dir / "screen-phone.png"), full_page=True)

    _answer(page, {**_all_no(), "R3": "yes"})
    page.wait_for_url("**/assess/screens/*/")
    heading = page.get_by_role("heading", name="Go to emergency care now")
    expect(heading).to_be_visible()
    expect(page.get_by_text("Numbness in the saddle area")).to_be_visible()
    assert page.locator("nav.areas").count() == 0, "the emergency page is full-screen"
    assert _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "emergency-phone.png"), full_page=True)

    page.get_by_role("button", name="I have read this and I am getting help").click()
    expect(page.get_by_text("You have acknowledged this advice.")).to_be_visible()

    for url in (
        "/plan/",
        "/plan/exercises/",
        "/plan/routines/",
        "/plan/goal/",
        "/plan/?cleared=1",
    ):
        response = page.goto(url)
        assert response is not None
        assert response.status == 403, url
        expect(page.get_by_role("heading", name="Your plans are locked for now")).to_be_visible()
        expect(page.get_by_role("heading", name="Your plan", exact=True)).to_have_count(0)
        expect(page.get_by_role("heading", name="Exercise library")).to_have_count(0)
    page.screenshot(path=str(output_dir / "plan-locked-phone.png"), full_page=True)
    assert Screen.objects.get(runner__email="flag@example.org").tier == 3


def test_all_no_then_startback_then_results(new_page: Any, output_dir: Path) -> None:
    page = new_page(**PHONE)
    _sign_up(page, "clear@example.org", "Clear")
    _answer(page, _all_no())
    page.wait_for_url("**/accounts/profile/")
    expect(page.get_by_text("None of your answers needs a clinician urgently")).to_be_visible()

    response = page.goto("/plan/")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()

    page.goto("/")
    page.get_by_role("link", name="Assess").click()
    page.get_by_role("link", name="Questionnaires").click()
    page.get_by_role("link", name="Keele STarT Back Screening Tool").click()
    expect(page.get_by_text("© Keele University 01/08/07")).to_be_visible()
    for number in range(1, 9):
        page.locator(f'input[name="item{number}"][value="Disagree"]').check()
    page.locator('input[name="item9"][value="Slightly"]').check()
    page.get_by_role("button", name="Score").click()

    page.wait_for_url("**/assess/answers/*/")
    expect(page.get_by_role("heading", name="Score 0")).to_be_visible()
    expect(page.locator(".category")).to_have_text("low")
    expect(page.get_by_text("Hill JC et al.").first).to_be_visible()
    assert _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "startback-result-phone.png"), full_page=True)
    assert InstrumentResponse.objects.get().category == "low"


def test_the_stopwatch_fills_in_the_hold_time(new_page: Any, output_dir: Path) -> None:
    page = new_page(**PHONE)
    _sign_up(page, "hold@example.org", "Hold")
    _answer(page, _all_no())
    page.wait_for_url("**/accounts/profile/")
    page.goto("/assess/self-tests/biering_sorensen/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Use this time").click()
    held = float(page.get_by_label("Hold time, seconds (0-240)").input_value())
    assert 1.0 <= held < 10
    assert _no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "stopwatch-phone.png"), full_page=True)
    page.get_by_role("button", name="Compare with norms").click()
    page.wait_for_url("**/assess/self-test-results/*/")
    expect(page.get_by_role("heading", name="Compared with norms")).to_be_visible()
    expect(page.get_by_text("Not applicable").first).to_be_visible()
