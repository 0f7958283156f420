"""Before/after: the change per metric and whether it exceeds the measurement error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.gait import services
from tests.web.gait.conftest import done_session


def test_changes_are_judged_against_the_measurement_error(runner: User, tmp_path: Path) -> None:
    before = done_session(runner, tmp_path / "a", label="before", lean_deg=8.0, cadence_spm=160)
    after = done_session(runner, tmp_path / "b", label="after", lean_deg=16.0, cadence_spm=161)
    changes = {c.name: c for c in services.compare(before, after)}
    lean = changes["trunk_lean"]
    assert lean.before is not None
    assert lean.after is not None
    assert lean.change is not None
    assert 6.0 < lean.change < 10.0
    assert lean.error_value == 5.0
    assert lean.exceeds_error is True
    cadence = changes["cadence"]
    assert cadence.change is not None
    assert abs(cadence.change - 1.0) < 1.0
    assert cadence.exceeds_error is False  # within ±2 steps/min


def test_a_metric_measured_once_is_not_compared(runner: User, tmp_path: Path) -> None:
    before = done_session(runner, tmp_path / "a")
    after = done_session(runner, tmp_path / "b")
    after.metrics.filter(name="overstride").update(median=None, iqr=None, quality="unavailable")
    overstride = next(c for c in services.compare(before, after) if c.name == "overstride")
    assert overstride.change is None
    assert overstride.exceeds_error is None


def test_the_page_shows_both_sessions_side_by_side(
    runner: User, clinician: User, stranger: User, client_for: Callable[..., Any], tmp_path: Path
) -> None:
    before = done_session(runner, tmp_path / "a", label="before", lean_deg=8.0)
    after = done_session(runner, tmp_path / "b", label="after", lean_deg=16.0)
    url = reverse("gait:compare")
    query = {"before": before.pk, "after": after.pk}
    page = client_for(runner).get(url, query).content.decode()
    assert "(before)" in page
    assert "(after)" in page
    assert 'data-metric="trunk_lean"' in page
    assert 'data-exceeds="yes"' in page
    assert 'data-exceeds="no"' in page
    shown = client_for(clinician).get(url, {**query, "runner": runner.pk})
    assert shown.status_code == 200
    assert client_for(stranger).get(url, query).status_code == 404
    other = done_session(stranger, tmp_path / "c")
    mixed = client_for(runner).get(url, {"before": other.pk, "after": after.pk})
    assert mixed.status_code == 404
    assert client_for(runner).get(url).status_code == 302  # nothing chosen: back to the list
