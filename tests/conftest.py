"""Shared fixtures: the personas every web test uses, built in code.

- ``runner``: a runner with a profile;
- ``clinician``: a clinician the runner granted access to;
- ``stranger``: another runner, who must never see the first runner's data.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

TEST_POSTGRES = os.environ.get("BACKSTRIDE_TEST_POSTGRES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if TEST_POSTGRES and not url.startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError(
            "BACKSTRIDE_TEST_POSTGRES=1 needs DATABASE_URL=postgres://... (see .ci/run)"
        )


def pytest_report_header(config: pytest.Config) -> list[str]:
    if not config.pluginmanager.has_plugin("django"):
        return []
    from django.conf import settings

    database = settings.DATABASES["default"]
    where = database.get("HOST") or database["NAME"]
    return [f"backstride test database: {database['ENGINE'].rsplit('.', 1)[-1]} ({where})"]


@pytest.fixture
def runner(db: None):  # type: ignore[no-untyped-def]
    from tests.factories import make_runner

    return make_runner("runner@example.org")


@pytest.fixture
def clinician(db: None, runner):  # type: ignore[no-untyped-def]
    from tests.factories import make_clinician

    return make_clinician("physio@example.org", patients=[runner])


@pytest.fixture
def stranger(db: None):  # type: ignore[no-untyped-def]
    from tests.factories import make_runner

    return make_runner("stranger@example.org")


@pytest.fixture
def client_for() -> Callable[..., Any]:
    """Log a persona in: ``client_for(runner).get(url)``. Imports Django lazily so the core
    tests also run without it (``pytest -p no:django tests/core``)."""

    def login(user: Any) -> Any:
        from django.test import Client

        client = Client()
        client.force_login(user)
        return client

    return login
