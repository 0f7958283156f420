"""Who is calling the API, and what they may do.

Two ways in, tried in this order:

- ``Authorization: Bearer bst_...``: a personal token (:mod:`backstride_web.api.tokens`);
  its scope says whether it may change data ("write") or only read ("read").
- the browser's session (logged in to the web UI): may read and write; a request that
  changes data must carry the CSRF token (``X-CSRFToken`` header), as a form post would.

Both give a :class:`Principal`. A request that changes data (POST, PUT, PATCH, DELETE)
with a read-only token is refused with 403 ``insufficient_scope`` before any endpoint runs.
Which runner's data the principal reaches is decided by the one access rule,
:mod:`backstride_web.accounts.access`, in each endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from backstride_web.accounts.models import User
from backstride_web.api.errors import ApiError
from backstride_web.api.models import ApiToken
from backstride_web.api.tokens import find_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ALL_SCOPES = frozenset({"read", "write"})


@dataclass(frozen=True)
class Principal:
    user: User
    scopes: frozenset[str]
    token: ApiToken | None = None


def _check_scope(request: HttpRequest, principal: Principal) -> Principal:
    if request.method not in SAFE_METHODS and "write" not in principal.scopes:
        raise ApiError(
            403,
            "insufficient_scope",
            "This token may only read; make a token with the 'write' scope to change data.",
        )
    return principal


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        row = find_token(token.strip(), now=timezone.now())
        if row is None:
            return None
        # The access log middleware and the access rule read request.user.
        request.user = row.user
        return _check_scope(request, Principal(row.user, row.scopes, row))


class SessionAuth(APIKeyCookie):
    """The web UI's session; CSRF is checked only for requests that change data."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(
                403,
                "csrf_failed",
                "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header.",
            )
        return Principal(user, ALL_SCOPES)


def principal(request: HttpRequest) -> Principal:
    """The authenticated caller of an endpoint."""
    return cast(Principal, request.auth)  # type: ignore[attr-defined]


AUTH = [TokenAuth(), SessionAuth()]
