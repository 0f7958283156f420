"""The safety gate every plan and exercise page goes through.

``plan_access(runner, now=)`` says what the programme may offer a runner: it applies
:func:`backstride.assess.redflags.allowed_over` to the runner's last full screen and every
short screen since, with their latest clearance. No screen at all allows nothing.

Views that show a run plan or exercises wear :func:`requires_plan_clearance`::

    @requires_plan_clearance                      # running and exercises
    def plan(request): ...

    @requires_plan_clearance(needs=("walking",))  # a walking plan stays open when URGENT
    def walk(request, runner_id): ...

The decorator logs the viewer in, resolves the runner (``runner_id`` in the URL goes through
:func:`~backstride_web.accounts.access.visible_runner_or_404`; without it, the viewer must be a
runner) and answers 403 with the reason and the way out when the gate is closed. The check is
on the server for every request, so no URL, query string or method gets around it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import wraps
from typing import Any, Literal, overload

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from backstride.assess import redflags
from backstride.assess.redflags import Allowed, Clearance, ScreenOutcome, Tier
from backstride_web.accounts.access import current_user, visible_runner_or_404
from backstride_web.accounts.models import User
from backstride_web.assessments.models import Acknowledgement, Screen

Need = Literal["running", "walking", "exercises"]
View = Callable[..., HttpResponse]
PROGRAMME: tuple[Need, ...] = ("running", "exercises")


def outcome_of(screen: Screen) -> ScreenOutcome:
    """The core's view of a stored screen (tier and time are what the gate needs)."""
    return ScreenOutcome(
        tier=screen.tier_enum,
        positives=(),
        answers={},
        form=screen.form,
        answered_at=screen.answered_at,
    )


def has_completed_screen(runner: User) -> bool:
    """True once the runner has answered a full screen (the onboarding one)."""
    return Screen.objects.filter(runner=runner, form=Screen.Form.FULL).exists()


def screens_in_force(runner: User) -> list[Screen]:
    """The last full screen and every short screen answered after it, newest first."""
    full = Screen.objects.filter(runner=runner, form=Screen.Form.FULL).first()
    if full is None:
        return []
    since = Screen.objects.filter(
        runner=runner, form=Screen.Form.SHORT, answered_at__gte=full.answered_at
    )
    return [*since, full]


def latest_clearance(runner: User, *, now: datetime) -> Acknowledgement | None:
    return (
        Acknowledgement.objects.filter(
            runner=runner, kind=Acknowledgement.Kind.CLEARED, confirmed_at__lte=now
        )
        .order_by("-confirmed_at", "-pk")
        .first()
    )


def _clearance(runner: User, now: datetime) -> Clearance | None:
    row = latest_clearance(runner, now=now)
    return None if row is None else Clearance(confirmed_at=row.confirmed_at, note=row.note)


def plan_access(runner: User, *, now: datetime) -> Allowed:
    """What plans and exercises may offer ``runner`` at ``now`` (see the module docstring)."""
    outcomes = [outcome_of(s) for s in screens_in_force(runner)]
    return redflags.allowed_over(outcomes, _clearance(runner, now), now=now)


def screens_waiting_for_clearance(runner: User, *, now: datetime) -> list[Screen]:
    """Screens in force with a positive outcome that no clearance has lifted, newest first."""
    clearance = _clearance(runner, now)
    return [
        s
        for s in screens_in_force(runner)
        if s.tier_enum is not Tier.NONE
        and not redflags.allowed(outcome_of(s), clearance, now=now).cleared
    ]


def last_screen_at(runner: User) -> datetime | None:
    screen = Screen.objects.filter(runner=runner).first()
    return None if screen is None else screen.answered_at


def rescreen_is_due(runner: User, *, now: datetime) -> bool:
    """True when the weekly short re-screen is due (a full screen exists, 7 days have passed)."""
    if not has_completed_screen(runner):
        return False
    return redflags.rescreen_due(last_screen_at(runner), now=now)


def _runner_for(request: HttpRequest, kwargs: dict[str, Any]) -> User:
    viewer = current_user(request)
    runner_id = kwargs.get("runner_id")
    if runner_id is not None:
        return visible_runner_or_404(viewer, int(runner_id))
    if not viewer.is_runner:
        raise Http404("This page belongs to a runner")
    return viewer


def blocked_response(request: HttpRequest, runner: User, access: Allowed) -> HttpResponse:
    """The 403 page a closed gate shows: the reason, the advice and the ways forward."""
    now = timezone.now()
    waiting = screens_waiting_for_clearance(runner, now=now)
    return render(
        request,
        "assessments/blocked.html",
        {
            "runner": runner,
            "access": access,
            "own": runner.pk == request.user.pk,
            "screened": has_completed_screen(runner),
            "info": redflags.tier_info(access.tier) if access.tier is not Tier.NONE else None,
            "waiting": waiting[0] if waiting else None,
        },
        status=403,
    )


@overload
def requires_plan_clearance(view: View) -> View: ...
@overload
def requires_plan_clearance(
    view: None = None, *, needs: Sequence[Need] = PROGRAMME
) -> Callable[[View], View]: ...
def requires_plan_clearance(
    view: View | None = None, *, needs: Sequence[Need] = PROGRAMME
) -> View | Callable[[View], View]:
    """Let the view run only when the red-flag gate allows everything in ``needs``."""
    wanted = tuple(needs)
    if not wanted or any(need not in ("running", "walking", "exercises") for need in wanted):
        raise ValueError(f"needs must name running, walking or exercises, not {wanted!r}")

    def decorate(inner: View) -> View:
        @wraps(inner)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            viewer = current_user(request)
            if viewer.is_clinician and kwargs.get("runner_id") is None:
                messages.info(request, "Choose a runner to see their plan.")
                return redirect("pages:home")
            runner = _runner_for(request, kwargs)
            access = plan_access(runner, now=timezone.now())
            if not all(getattr(access, need) for need in wanted):
                return blocked_response(request, runner, access)
            return inner(request, *args, **kwargs)

        return login_required(gated)

    return decorate if view is None else decorate(view)
