"""Who may see whose data. Every view that shows a runner's data asks here.

A runner sees themself; a clinician sees the runners who granted them access and have not
revoked it. Anything else is a 404 — the page does not say whether the runner exists.

When a clinician is let in, :func:`note_access` remembers it for the current request and
:class:`AccessLogMiddleware` writes one log row per successful request, so the runner can
see what was viewed or changed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from backstride_web.accounts.models import AccessLog, CareGrant, Role, User

M = TypeVar("M", bound=Model)


def current_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind ``login_required``, typed as our User."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("log in first")
    return user


def visible_runners(viewer: User) -> QuerySet[User]:
    runners = User.objects.filter(role=Role.RUNNER, is_active=True)
    if viewer.is_runner:
        return runners.filter(pk=viewer.pk)
    if viewer.is_clinician:
        return runners.filter(
            grants_given__clinician=viewer, grants_given__revoked_at__isnull=True
        ).distinct()
    return runners.none()


def visible_runner_or_404(viewer: User, runner_id: int) -> User:
    runner = visible_runners(viewer).filter(pk=runner_id).first()
    if runner is None:
        raise Http404("No such runner")
    note_access(viewer, runner)
    return runner


COMMENT_SCOPES = frozenset({CareGrant.Scope.COMMENT, CareGrant.Scope.EDIT_PLAN})


def grant_scope(viewer: User, runner: User) -> str | None:
    """The scope of ``viewer``'s active grant from ``runner``; None without one."""
    grant = (
        CareGrant.objects.filter(runner=runner, clinician=viewer, revoked_at__isnull=True)
        .only("scope")
        .first()
    )
    return grant.scope if grant is not None else None


def may_comment(viewer: User, runner: User) -> bool:
    """A clinician whose grant is "read and comment" or better may add notes and
    clinical test results; a read-only grant may only look."""
    return viewer.is_clinician and grant_scope(viewer, runner) in COMMENT_SCOPES


def runner_in_view(request: HttpRequest) -> User | None:
    """The runner a page is about: ``?runner=<id>`` (checked by the access rule), else the
    viewer when a runner; None when a clinician has not chosen a runner yet."""
    viewer = current_user(request)
    runner_id = request.GET.get("runner")
    if runner_id is None:
        return viewer if viewer.is_runner else None
    if not runner_id.isdigit():
        raise Http404("No such runner")
    return visible_runner_or_404(viewer, int(runner_id))


def owned_or_404(viewer: User, rows: QuerySet[M], pk: object, *, owner: str = "runner") -> M:
    """The row ``pk`` of ``rows`` if its ``owner`` (a runner FK) is visible to ``viewer``;
    404 otherwise. The one rule for every view of a runner's records."""
    found = (
        rows.filter(pk=pk, **{f"{owner}__in": visible_runners(viewer)})
        .select_related(owner)
        .first()
    )
    if found is None:
        raise Http404("Not found")
    note_access(viewer, getattr(found, owner))
    return found


_accessed: ContextVar[set[int] | None] = ContextVar("backstride_accessed_runners", default=None)


def note_access(viewer: User, runner: User) -> None:
    """Record that ``viewer`` reached ``runner``'s data in this request (clinicians only)."""
    accessed = _accessed.get()
    if accessed is not None and viewer.is_clinician and viewer.pk != runner.pk:
        accessed.add(runner.pk)


class AccessLogMiddleware:
    """Write an :class:`AccessLog` row for each runner a clinician's request reached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _accessed.set(set())
        try:
            response = self.get_response(request)
            accessed = _accessed.get() or set()
            user = getattr(request, "user", None)
            if accessed and isinstance(user, User) and response.status_code < 400:
                AccessLog.objects.bulk_create(
                    AccessLog(
                        runner_id=runner_id,
                        clinician=user,
                        method=request.method or "GET",
                        path=request.get_full_path()[:300],
                    )
                    for runner_id in accessed
                )
            return response
        finally:
            _accessed.reset(token)
