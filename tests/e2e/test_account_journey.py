"""A new runner signs up, answers the safety screen, fills in the profile, logs out and in."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from backstride.assess import redflags
from backstride_web.accounts.models import User
from tests.e2e.helpers import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EMAIL = "jo@example.org"
PASSWORD = "my knees are fine, my back is not"


def test_sign_up_fill_profile_log_outlog_in(new_page: Any, output_dir: Path) -> None:
    page = new_page(**PHONE)
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Name").fill("Jo")
    page.get_by_label("Runner").check()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # The onboarding safety screen comes first and cannot be skipped.
    page.wait_for_url("**/assess/screen/?next=*")
    expect(page.get_by_text("Welcome. First, a short safety screen.")).to_be_visible()
    for question in redflags.questions():
        if question.follow_up_of is None:
            page.locator(f'input[name="{question.id}"][value="no"]').check()
    page.get_by_role("button", name="Send my answers").click()

    page.wait_for_url("**/accounts/profile/")
    expect(page.get_by_text("None of your answers needs a clinician urgently")).to_be_visible()
    race_day = datetime.date.today() + datetime.timedelta(days=200)
    page.get_by_label("Birth year").fill("2003")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Height (cm)").fill("181")
    page.get_by_label("Weight (kg)").fill("78")
    page.get_by_label("Goal race").select_option("marathon")
    page.get_by_label("Goal date").fill(race_day.isoformat())
    page.get_by_label("Work pattern").select_option("desk")
    page.get_by_label("Sitting hours on a work day").fill("9")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    assert page.get_by_label("Goal date").input_value() == race_day.isoformat()

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the profile page scrolls sideways on a 375 px phone"
    )
    page.screenshot(path=str(output_dir / "profile-phone.png"), full_page=True)

    profile = User.objects.get(email=EMAIL).runner_profile
    assert profile.goal_race == "marathon"
    assert profile.goal_date == race_day

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    expect(page.get_by_role("heading", name="Hello, Jo")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ days$"))).to_be_visible()


def test_form_errors_are_shown_next_to_their_fields(new_page: Any) -> None:
    page = new_page()
    page.goto("/accounts/signup/")
    page.get_by_label("E-mail address").fill("not-an-address")
    page.get_by_role("button", name="Create account").click()
    email = page.get_by_label("E-mail address")
    assert email.get_attribute("aria-invalid") == "true"
    expect(page.locator("#id_email_error")).to_have_text("Enter a valid email address.")
    expect(page.locator("#id_password1_error")).to_have_text("This field is required.")
