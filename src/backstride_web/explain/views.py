"""The Explain page: ranked possible contributors with their evidence, sources and next tests.

Views stay thin: resolve whose data (yourself, or ``?runner=<id>`` for a clinician with a grant;
anyone else gets a 404), call :func:`~backstride_web.explain.services.explain_runner`, render.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from backstride.assess import redflags
from backstride.assess.redflags import Tier
from backstride.errors import InputError
from backstride.plan import exercises
from backstride.reason import Explanation
from backstride.reason.hypotheses import Check, Ranked, checks
from backstride.reason.next_test import NextTest
from backstride_web.accounts.access import current_user, runner_in_view
from backstride_web.explain.services import build_case, explain_runner

CARDS = 6


@dataclass(frozen=True)
class PlanPart:
    id: str
    name: str
    url: str | None


@dataclass(frozen=True)
class Card:
    position: int
    ranked: Ranked
    plan: tuple[PlanPart, ...]
    next_test: NextTest | None
    test: Check | None


def _exercise_url(exercise_id: str) -> str | None:
    try:
        return reverse("plans:exercise", kwargs={"exercise_id": exercise_id})
    except NoReverseMatch:
        return None


def _plan(ranked: Ranked) -> tuple[PlanPart, ...]:
    parts = []
    for exercise_id in ranked.contributor.plan:
        try:
            name = exercises.get(exercise_id).name
        except InputError:
            continue
        parts.append(PlanPart(exercise_id, name, _exercise_url(exercise_id)))
    return tuple(parts)


def _cards(found: Explanation) -> list[Card]:
    by_id = {c.id: c for c in checks()}
    cards = []
    for position, ranked in enumerate(found.ranked, start=1):
        suggestion = next((t for t in found.next_tests if ranked.id in t.informs), None)
        open_keys = {t.key for t in ranked.unknown}
        final = {o.key for o in found.observations if o.final}
        test = next(
            (
                by_id[t]
                for t in ranked.contributor.tests
                if t in by_id and (set(by_id[t].resolves) & open_keys) - final
            ),
            None,
        )
        cards.append(Card(position, ranked, _plan(ranked), suggestion, test))
    return cards


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What may contribute to the runner's pain: ranked cards, or why nothing is ranked."""
    runner = runner_in_view(request)
    if runner is None:
        messages.info(request, "Choose a runner to see what may contribute to their pain.")
        return redirect("pages:home")
    case, found = explain_runner(runner, now=timezone.now())
    context = {
        "runner": runner,
        "is_own": runner == current_user(request),
        "explanation": found,
        "case": case,
        "query": f"?runner={runner.pk}" if runner != current_user(request) else "",
    }
    if found.blocked:
        tier = found.tier
        context["info"] = redflags.tier_info(tier) if tier is not Tier.NONE else None
        return render(request, "explain/blocked.html", context)
    cards = _cards(found)
    context.update(cards=cards[:CARDS], others=cards[CARDS:])
    return render(request, "explain/home.html", context)


@login_required
def case_json(request: HttpRequest) -> HttpResponse:
    """The runner's case as a JSON file (docs/case-format.md), for ``backstride explain --case``."""
    runner = runner_in_view(request)
    if runner is None:
        raise Http404("Choose a runner")
    case = build_case(runner, now=timezone.now())
    response = JsonResponse(case.as_dict(), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="backstride-case.json"'
    return response
