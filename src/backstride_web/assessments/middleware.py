"""The onboarding red-flag screen cannot be skipped.

A logged-in runner without a completed full screen is sent to it from every page except
logging out, the screen itself, the safety-net card and static files. HTMX requests get an
``HX-Redirect`` header so the whole page moves, not a fragment.

Runners whose weekly short re-screen is due get one reminder a day. Both checks are remembered
in the session, so a screened runner's pages cost no extra query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from backstride.assess import redflags
from backstride_web.accounts.models import User
from backstride_web.api.errors import error_response
from backstride_web.assessments import safety

_SCREENED = "assessments.screened_runner"
_CHECKED = "assessments.rescreen_checked_on"


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("accounts:logout"),
        reverse("assessments:screen"),
        reverse("assessments:safety_net"),
        reverse("pages:healthz"),
    )


def _json_api_prefix() -> str:
    return reverse("api-v1:openapi-json").rsplit("/", 1)[0] + "/"


class OnboardingScreenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # Operators (staff) reach the admin without a screen; they are not patients.
        if isinstance(user, User) and user.is_runner and not user.is_staff:
            response = self._gate(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _gate(self, request: HttpRequest, runner: User) -> HttpResponse | None:
        path = request.path
        static = settings.STATIC_URL or "/static/"
        if path.startswith(static) or path in _exempt_paths():
            return None
        # Screens are never deleted, so once one is found the session remembers it.
        if request.session.get(_SCREENED) != runner.pk:
            if not safety.has_completed_screen(runner):
                target = reverse("assessments:screen")
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                if request.headers.get("HX-Request") == "true":
                    return HttpResponse(status=204, headers={"HX-Redirect": target})
                if path.startswith(_json_api_prefix()):
                    # A script using the browser session gets the API's JSON error, not a page.
                    return error_response(
                        403,
                        "screen_required",
                        f"Complete the safety screen first: {request.build_absolute_uri(target)}",
                    )
                return HttpResponseRedirect(target)
            request.session[_SCREENED] = runner.pk
        self._remind(request, runner)
        return None

    def _remind(self, request: HttpRequest, runner: User) -> None:
        """At most once a day per session: remind a runner whose weekly re-screen is due."""
        if request.method != "GET" or request.headers.get("HX-Request") == "true":
            return
        now = timezone.now()
        today = now.date().isoformat()
        if request.session.get(_CHECKED) == today:
            return
        request.session[_CHECKED] = today
        if redflags.rescreen_due(safety.last_screen_at(runner), now=now):
            messages.info(
                request,
                "Your weekly safety check is due: Assess → Weekly safety check (nine questions).",
            )
