"""A runner uploads watch files, follows the import live, and opens a run with its charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_runner
from tests.web.activities.conftest import RUN_FIT, TRUNCATED_FIT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_import_and_open_a_run(new_page: Any, worker_process: Any, output_dir: Path) -> None:
    make_runner("importer@example.org")
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill("importer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Runs").first.click()
    page.get_by_role("link", name="Import files").click()
    page.wait_for_load_state()
    page.get_by_label("Activity files or export archive").set_input_files([RUN_FIT, TRUNCATED_FIT])
    expect(page.locator("[data-dropzone-list]")).to_contain_text("2 chosen")
    page.get_by_role("button", name="Import").click()

    page.locator('[data-status="succeeded"]').wait_for(timeout=60_000)
    assert "2 imported" in page.locator(".import-result").inner_text().replace("\n", " ")
    page.screenshot(path=str(output_dir / "import-done.png"), full_page=True)
    page.get_by_role("link", name="See your runs").click()
    expect(page.locator("table.runs tbody tr")).to_have_count(2)
    page.locator("table.runs tbody a").first.click()
    expect(page.get_by_role("heading", name="Warm-up and continuous running")).to_be_visible()
    assert page.locator("svg.chart").count() >= 3
    page.screenshot(path=str(output_dir / "run.png"), full_page=True)
