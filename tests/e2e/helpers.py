"""What the browser journeys share: the phone they run on and how they log in."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD

PHONE: dict[str, Any] = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
"""A 375 px phone screen (the narrowest the UI is designed for)."""


def log_in(page: Any, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form and wait until the app has let us in."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
