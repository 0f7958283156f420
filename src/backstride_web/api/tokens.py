"""Make, find and revoke personal API tokens (:class:`~backstride_web.api.models.ApiToken`)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from backstride_web.accounts.models import User
from backstride_web.api.models import ApiToken, Scope

TOKEN_PREFIX = "bst_"  # noqa: S105 - not a secret: every token starts with it
SHOWN_CHARS = 12
LAST_USED_RESOLUTION = timedelta(minutes=1)
"""``last_used_at`` is written at most once a minute per token, not on every request."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    row: ApiToken
    token: str
    """The token itself: shown once, never stored."""


@transaction.atomic
def create_token(
    user: User, *, name: str, scope: str, now: datetime, valid_days: int | None
) -> NewToken:
    if scope not in Scope.values:
        raise ValueError(f"scope must be one of {', '.join(Scope.values)}, not {scope!r}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        name=name.strip()[:60] or "API token",
        scope=scope,
        prefix=token[:SHOWN_CHARS],
        secret_hash=hash_token(token),
        created_at=now,
        expires_at=None if valid_days is None else now + timedelta(days=valid_days),
    )
    return NewToken(row, token)


def find_token(token: str, *, now: datetime) -> ApiToken | None:
    """The usable token row for ``token`` (with its active user), else None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if row is None or not row.is_usable(now):
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row


def revoke_token(row: ApiToken, *, now: datetime) -> None:
    if row.revoked_at is None:
        ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(revoked_at=now)
        row.revoked_at = now
