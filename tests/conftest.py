"""Shared fixtures: the personas every web test uses, built in code.

- ``runner``: a runner with a profile;
- ``clinician``: a clinician the runner granted access to;
- ``stranger``: another runner, who must never see the first runner's data.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories import make_clinician, make_runner

TEST_POSTGRES = os.environ.get("BACKSTRIDE_TEST_POSTGRES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if TEST_POSTGRES and not url.startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError(
            "BACKSTRIDE_TEST_POSTGRES=1 needs DATABASE_URL=postgres://... (see .ci/run)"
        )


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.conf import settings

    database = settings.DATABASES["default"]
    where = database.get("HOST") or database["NAME"]
    return [f"backstride test database: {database['ENGINE'].rsplit('.', 1)[-1]} ({where})"]


@pytest.fixture
def runner(db: None):  # type: ignore[no-untyped-def]
    return make_runner("runner@example.org")


@pytest.fixture
def clinician(db: None, runner):  # type: ignore[no-untyped-def]
    return make_clinician("physio@example.org", patients=[runner])


@pytest.fixture
def stranger(db: None):  # type: ignore[no-untyped-def]
    return make_runner("stranger@example.org")


@pytest.fixture
def client_for() -> Callable[..., Client]:
    def login(user) -> Client:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        return client

    return login
