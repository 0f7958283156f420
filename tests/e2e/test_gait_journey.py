"""A runner uploads a video of themself, watches the analysis progress live, then sees the
metrics, the filming advice and the annotated video playing in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.helpers import log_in
from tests.factories import make_runner
from tests.web.gait.conftest import CROP_TEXT, END_S, START_S, VIDEO

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _until(page: Any, video: Any, script: str, timeout_s: float = 30.0) -> Any:
    """Poll ``script`` (a function of the video element) until it is truthy. The page's CSP
    forbids eval, which Playwright's wait_for_function needs; evaluate is allowed."""
    for _ in range(int(timeout_s * 10)):
        value = video.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


def test_upload_watch_progress_and_play_the_annotated_video(
    new_page: Any, worker_process: Any, output_dir: Path
) -> None:
    make_runner("filmed@example.org")
    page = new_page()
    log_in(page, "filmed@example.org")
    page.get_by_role("link", name="Gait").first.click()
    page.get_by_role("link", name="Upload a video").click()
    page.get_by_label("Video").set_input_files(VIDEO)
    page.get_by_label("Side view").check()
    page.get_by_label("Label").fill("before")
    page.locator("summary").click()
    page.get_by_label("Start at (s)").fill(str(START_S))
    page.get_by_label("End at (s)").fill(str(END_S))
    page.get_by_label("Crop (left, top, right, bottom in %)").fill(CROP_TEXT)
    page.get_by_role("button", name="Upload and analyse").click()

    # The session page follows the job live, then reloads itself with the results.
    progress = page.locator("#gait-status progress")
    expect(progress).to_be_visible()
    seen: set[int] = set()
    for _ in range(1200):  # the bar moves without a reload (HTMX polls the status)
        try:
            values = progress.evaluate_all("bars => bars.map(bar => bar.value)")  # never waits
        except PlaywrightError:  # the page is reloading itself with the results
            page.wait_for_timeout(100)
            continue
        if not values:
            break
        seen.add(int(values[0]))
        if 0 < values[0] < 75:
            page.screenshot(path=str(output_dir / "gait-progress.png"), full_page=True)
            break
        page.wait_for_timeout(100)
    assert any(0 < v < 100 for v in seen), seen
    page.locator("video").wait_for(timeout=240_000)
    expect(page.get_by_role("heading", name="Metrics")).to_be_visible()
    expect(page.locator('tr[data-metric="cadence"]')).to_contain_text("unavailable")
    expect(page.locator('[data-warning="too_few_steps"]')).to_be_visible()
    assert page.locator("svg.gait-cycle").count() == 3

    video = page.locator("video")
    _until(page, video, "v => v.readyState >= 1")
    duration = video.evaluate("v => v.duration")
    assert 5.0 < duration < 6.5  # the 5.8 s selected from the clip
    # Seeking works (the server answers byte ranges), and the video plays.
    video.evaluate("v => { v.muted = true; v.currentTime = 3.0; }")
    _until(page, video, "v => !v.seeking && v.readyState >= 2")
    assert video.evaluate("v => v.currentTime") == pytest.approx(3.0, abs=0.1)
    video.evaluate("v => v.play()")
    _until(page, video, "v => v.currentTime > 3.2")
    page.screenshot(path=str(output_dir / "gait-results.png"), full_page=True)
