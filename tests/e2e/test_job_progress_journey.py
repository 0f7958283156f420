"""A runner exports their data: the job page follows a real worker live, then offers the file."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.factories import PASSWORD, make_runner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_export_job_page_updates_live(
    new_page: Any, worker_process: Any, output_dir: Path
) -> None:
    make_runner("export@example.org")
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill("export@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Profile", exact=True).click()
    page.get_by_role("button", name="Export my data").click()

    page.wait_for_url("**/jobs/*/")
    status = page.locator("[data-status]")
    status.and_(page.locator('[data-status="succeeded"]')).wait_for(timeout=30_000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download").click()
    saved = output_dir / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert '"email": "export@example.org"' in archive.read("data.json").decode()
        assert "README.txt" in archive.namelist()
    page.screenshot(path=str(output_dir / "job-done.png"), full_page=True)
