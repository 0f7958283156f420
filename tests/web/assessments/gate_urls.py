"""A test URLconf: stand-in plan pages behind the safety gate, then the real site.

The stand-ins come first so that they, not the real plan pages at the same paths, answer.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path

from backstride_web.assessments.safety import requires_plan_clearance
from backstride_web.config.urls import urlpatterns as site

PLAN_TEXT = "PLAN CONTENT"


@requires_plan_clearance
def plan(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(PLAN_TEXT)


@requires_plan_clearance(needs=("exercises",))
def exercises(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(PLAN_TEXT)


@requires_plan_clearance(needs=("walking",))
def walking(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(PLAN_TEXT)


urlpatterns = [
    path("plan/", plan, name="test_plan"),
    path("plan/exercises/", exercises, name="test_exercises"),
    path("plan/walking/", walking, name="test_walking"),
    path("plan/runners/<int:runner_id>/", plan, name="test_runner_plan"),
    re_path(r"^plan/any/(?P<rest>.*)$", plan, name="test_plan_any"),
    *site,
]
