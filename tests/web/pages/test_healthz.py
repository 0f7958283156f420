import pytest
from django.db import connection
from django.test import Client


@pytest.mark.django_db
def test_it_reports_the_database() -> None:
    response = Client().get("/healthz")
    assert response.json() == {"status": "ok", "database": connection.vendor}
