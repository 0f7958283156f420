from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.activities.services import import_paths
from tests.web.activities.conftest import RUN_FIT


@pytest.fixture
def run(runner: User) -> Activity:
    """A real 47-minute, 9 km run of the runner's, imported from a FIT file."""
    [result] = import_paths(runner, [RUN_FIT])
    return Activity.objects.get(pk=result.activity_id)


@pytest.fixture
def manual_run(runner: User) -> Activity:
    return Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=datetime(2026, 11, 20, 7, tzinfo=UTC),
        elapsed_s=1800,
        distance_m=5000,
        source_name="entered by hand",
        source_format="manual",
        source_sha256="manual:1",
    )
