"""Helpers every endpoint shares: whose data, pagination, and the documented error answers."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Schema
from ninja.params import P, QueryEx

from backstride_web.accounts.access import visible_runner_or_404
from backstride_web.accounts.models import User
from backstride_web.api.auth import principal
from backstride_web.api.errors import ApiError, ErrorOut

T = TypeVar("T")
M = TypeVar("M", bound=Model)

MAX_ID = 2**53 - 1
"""Largest id a client may send (JavaScript's safe integer; ids beyond cannot exist)."""
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 10_000_000
RunnerParam = QueryEx[
    int | None, P(ge=1, le=MAX_ID, description="whose data: a runner's id (for clinicians)")
]
Limit = QueryEx[int, P(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = QueryEx[int, P(ge=0, le=MAX_OFFSET, description="items to skip")]
Since = QueryEx[datetime.date | None, P(description="on or after this day (server time zone)")]
Until = QueryEx[datetime.date | None, P(description="on or before this day (server time zone)")]
ERROR_CODES = frozenset({400, 401, 403, 404, 422})
ERRORS: dict[frozenset[int], type[ErrorOut]] = {ERROR_CODES: ErrorOut}
"""Every operation documents its error answers with :class:`~backstride_web.api.errors.ErrorOut`."""


def responses(ok: Any, status: int = 200) -> dict[Any, Any]:
    return {status: ok, **ERRORS}


def viewer(request: HttpRequest) -> User:
    return principal(request).user


def runner_for(request: HttpRequest, runner: int | None) -> User:
    """The runner an endpoint acts on: ``runner`` (checked by the access rule: a stranger
    or a revoked clinician gets 404) or, without it, the caller when a runner."""
    user = viewer(request)
    if runner is None:
        if user.is_runner:
            return user
        raise ApiError(
            400, "runner_required", "Say whose data: add ?runner=<id> (clinicians).", "runner"
        )
    return visible_runner_or_404(user, runner)


def own_runner(request: HttpRequest) -> User:
    """The caller, who must be a runner: the writes a runner makes for themself (a diary
    entry, an upload). Clinicians read these; they do not write them."""
    user = viewer(request)
    if not user.is_runner:
        raise ApiError(403, "runner_only", "Only a runner records this, for themself.")
    return user


class Page(Schema, Generic[T]):
    count: int
    limit: int
    offset: int
    items: list[T]


def paginate(
    rows: QuerySet[M] | Sequence[M],
    limit: int,
    offset: int,
    out: Callable[[M], T],
) -> dict[str, Any]:
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chunk: Iterable[M] = rows[offset : offset + limit]
    return {"count": count, "limit": limit, "offset": offset, "items": [out(r) for r in chunk]}


def date_range(
    rows: QuerySet[M], field: str, since: datetime.date | None, until: datetime.date | None
) -> QuerySet[M]:
    if since is not None and until is not None and since > until:
        raise ApiError(422, "invalid", "'until' is before 'since'.", "until")
    if since is not None:
        rows = rows.filter(**{f"{field}__gte": since})
    if until is not None:
        rows = rows.filter(**{f"{field}__lte": until})
    return rows


def finite(value: float | None) -> float | None:
    """JSON has no NaN or infinity: such a value is ``null``."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)
