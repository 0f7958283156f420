"""Who may see whose data. Every view that shows a runner's data asks here.

A runner sees themself; a clinician sees the runners who granted them access and have not
revoked it. Anything else is a 404 — the page does not say whether the runner exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from backstride_web.accounts.models import Role, User


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
    return runner
