"""URL keywords of the api app for tests/web/test_access_control.py."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.api.tokens import create_token


def owned_ids(runner: User) -> dict[str, Any]:
    made = create_token(runner, name="sync", scope="write", now=timezone.now(), valid_days=None)
    return {"token_id": made.row.pk}
