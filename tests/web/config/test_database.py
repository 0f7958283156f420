from __future__ import annotations

import pytest
from django.db import connection

from tests.conftest import TEST_POSTGRES


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_it_was_asked_for() -> None:
    """With BACKSTRIDE_TEST_POSTGRES=1 (CI's second run) every DB test is on PostgreSQL."""
    assert connection.vendor == ("postgresql" if TEST_POSTGRES else "sqlite")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
