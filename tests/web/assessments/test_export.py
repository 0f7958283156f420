"""The data export has an assessments section with every answer and confirmation."""

from __future__ import annotations

from django.utils import timezone

from backstride_web.accounts.export import SECTIONS, build_export
from backstride_web.accounts.models import User
from backstride_web.assessments import services
from tests.web.assessments.helpers import positive


def test_the_export_holds_every_screen_answer_and_clearance(runner: User) -> None:
    now = timezone.now()
    services.record_screen(runner, positive("R9"), short=False, now=now)
    services.confirm_clearance(runner, note="GP", now=now)
    assert "assessments" in SECTIONS
    section = build_export(runner, now=now)["assessments"]
    assert [s["tier"] for s in section["screens"]] == ["NONE", "URGENT"]
    assert section["screens"][1]["answers"]["R9"] == "yes"
    assert section["acknowledgements"][0]["kind"] == "cleared"
    assert section["questionnaires"] == []
