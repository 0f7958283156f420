"""Run backstride in a child process on the test database (tests that need a real worker)."""

from __future__ import annotations

import os


def worker_env() -> dict[str, str]:
    """Environment for a child process that must see the data this test committed."""
    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        port = db["PORT"] or 5432
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{port}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backstride_web.config.settings",
        "DATABASE_URL": url,
        "BACKSTRIDE_HOME": str(settings.HOME),
    }
