"""A runner shares with a physio, the physio reads the report and writes a note, the runner
sees the note and the access log, revokes, and the physio's same page is a 404 at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from backstride_web.accounts.models import AccessLog, ClinicianNote
from tests.e2e.helpers import PHONE, log_in
from tests.factories import make_clinician, make_runner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_invite_accept_view_report_note_revoke_404(new_page: Any, output_dir: Path) -> None:
    runner = make_runner("ann@example.org")
    runner.display_name = "Ann Runner"
    runner.save()
    physio = make_clinician("pat@example.org")
    physio.display_name = "Pat Physio"
    physio.save()

    # The runner invites her physio by e-mail, with "read and comment".
    ann = new_page(**PHONE)
    log_in(ann, runner.email)
    ann.goto("/accounts/sharing/")
    ann.get_by_label("Clinician's e-mail address").fill("pat@example.org")
    ann.get_by_label("Read and comment").check()
    ann.get_by_role("button", name="Create invitation").click()
    expect(ann.get_by_text("Invitation sent to pat@example.org.")).to_be_visible()
    code = ann.locator("li code").first.inner_text()

    # The physio accepts and finds the runner on the clinician home.
    pat = new_page()
    log_in(pat, physio.email)
    pat.get_by_role("link", name="Accept an invitation").click()
    pat.get_by_label("Invitation code").fill(code)
    pat.get_by_role("button", name="Accept").click()
    expect(pat.get_by_text("You can now see the data of Ann Runner.")).to_be_visible()
    expect(pat.get_by_role("link", name="Ann Runner")).to_be_visible()

    # ... opens the runner's page, leaves a note, and opens her report.
    pat.get_by_role("link", name="Ann Runner").click()
    pat.get_by_label("Add a note for this runner").fill("Keep the warm-up at 10 minutes.")
    pat.get_by_role("button", name="Add note").click()
    expect(pat.get_by_text("Note added")).to_be_visible()
    report_url = f"/report/?runner={runner.pk}"
    opened = pat.goto(report_url)
    assert opened is not None
    assert opened.status == 200
    expect(pat.get_by_text("Ann Runner").first).to_be_visible()
    pat.screenshot(path=str(output_dir / "clinician-report.png"), full_page=True)

    # The runner sees the note, marked with its author, and what the physio did.
    ann.goto("/accounts/sharing/")
    ann.get_by_role("link", name="Notes from your clinicians").click()
    expect(ann.get_by_text("Entered by Pat Physio")).to_be_visible()
    expect(ann.get_by_text("Keep the warm-up at 10 minutes.")).to_be_visible()
    ann.screenshot(path=str(output_dir / "runner-notes-phone.png"), full_page=True)
    ann.goto("/accounts/sharing/")
    expect(ann.locator("td code", has_text="/report/").first).to_be_visible()
    expect(ann.locator("td strong", has_text="changed").first).to_be_visible()
    assert AccessLog.objects.filter(runner=runner, clinician=physio, method="POST").exists()
    assert ClinicianNote.objects.filter(runner=runner, author=physio).count() == 1

    # She revokes; the physio's reload of the same report page is a 404.
    ann.get_by_role("button", name="Revoke now").click()
    expect(ann.get_by_text("Pat Physio can no longer see your data.")).to_be_visible()
    ann.screenshot(path=str(output_dir / "runner-sharing-phone.png"), full_page=True)
    reloaded = pat.reload()
    assert reloaded is not None
    assert reloaded.status == 404
    assert pat.goto(f"/accounts/runners/{runner.pk}/profile/").status == 404  # type: ignore[union-attr]
