"""A positive red flag leads the report, locks the plan and stops the ranking."""

from __future__ import annotations

import re

from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.assessments.services import record_screen
from backstride_web.report.periods import default_period
from backstride_web.report.render import render_report_html
from tests.web.assessments.helpers import positive


def test_an_emergency_flag_is_shown_with_its_action_and_nothing_is_ranked(runner: User) -> None:
    record_screen(runner, positive("R1"), short=False, now=timezone.now())
    html = render_report_html(runner, default_period(timezone.localdate()), now=timezone.now())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Status at the end of the period: emergency care now" in text
    assert "Plans: locked" in text
    assert "R1 “" in text  # the positive question, as it was asked
    assert "1 with a positive flag" in text
    assert "Nothing is ranked" in text
    assert text.index("Status at the end of the period") < text.index("Nothing is ranked")
