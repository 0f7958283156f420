"""Thin views: parse a form, call a service, render or redirect.

Runners answer for themselves. A clinician sees the results of the runners who shared with
them (read-only; they may enter the clinician-entered scorers, RMDQ and ODI); anyone else
gets a 404 from :func:`~backstride_web.accounts.access.visible_runner_or_404`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from backstride.assess import instruments, redflags, selftests
from backstride.assess.pain_profile import PainProfile
from backstride.assess.redflags import Tier
from backstride.errors import InputError
from backstride_web.accounts.access import (
    current_user,
    owned_or_404,
    visible_runner_or_404,
    visible_runners,
)
from backstride_web.accounts.models import User
from backstride_web.assessments import forms, safety, services
from backstride_web.assessments.models import (
    InstrumentResponse,
    Screen,
    SelfTestResult,
)

M = TypeVar("M", bound=Model)


def _own_runner(request: HttpRequest) -> User:
    user = current_user(request)
    if not user.is_runner:
        raise Http404("Only runners answer for themselves")
    return user


def _visible(request: HttpRequest, rows: QuerySet[M], pk: int) -> M:
    return owned_or_404(current_user(request), rows, pk)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The POST data of a POST (even an empty one, so it gets its errors), else None."""
    return request.POST if request.method == "POST" else None


def _next_url(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def safety_net(request: HttpRequest) -> HttpResponse:
    """The cauda-equina safety-net card: public, reachable from every page's footer."""
    return render(request, "assessments/safety_net.html", {"card": redflags.safety_net()})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = current_user(request)
    if viewer.is_clinician:
        runners = visible_runners(viewer).order_by("email")
        return render(request, "assessments/home_clinician.html", {"runners": runners})
    now = timezone.now()
    context = _results(viewer)
    context.update(
        access=safety.plan_access(viewer, now=now),
        waiting=safety.screens_waiting_for_clearance(viewer, now=now),
        rescreen_due=safety.rescreen_is_due(viewer, now=now),
        own=True,
    )
    return render(request, "assessments/home.html", context)


def _screen_view(request: HttpRequest, *, short: bool) -> HttpResponse:
    runner = _own_runner(request)
    first = not safety.has_completed_screen(runner)
    if short and first:
        return redirect("assessments:screen")
    form = forms.ScreenForm(_posted(request), short=short)
    if request.method == "POST" and form.is_valid():
        symptoms = request.POST.get("reason") == "symptoms"
        try:
            screen = services.record_screen(
                runner,
                form.answers(),
                short=short,
                now=timezone.now(),
                trigger=Screen.Trigger.SYMPTOMS if symptoms else None,
            )
        except InputError as error:
            forms.add_input_error(form, error)
        else:
            if screen.tier_enum is not Tier.NONE:
                return redirect("assessments:screen_detail", screen_id=screen.pk)
            messages.success(
                request,
                "Thank you. None of your answers needs a clinician urgently. "
                "If anything changes, the safety card in the footer says what to do.",
            )
            return redirect(_next_url(request) or reverse("assessments:home"))
    return render(
        request,
        "assessments/screen.html",
        {
            "form": form,
            "short": short,
            "first": first,
            "next": _next_url(request) or "",
            "symptoms": request.GET.get("reason", request.POST.get("reason")) == "symptoms",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest) -> HttpResponse:
    """The full red-flag screen (R1-R16); the onboarding one cannot be skipped."""
    return _screen_view(request, short=False)


@login_required
@require_http_methods(["GET", "POST"])
def weekly_screen(request: HttpRequest) -> HttpResponse:
    """The short re-screen (R1-R8, R14)."""
    return _screen_view(request, short=True)


@login_required
def screen_detail(request: HttpRequest, screen_id: int) -> HttpResponse:
    """A screen's outcome: EMERGENCY gets the full-screen page, other tiers their advice."""
    found = _visible(request, Screen.objects.select_related("runner"), screen_id)
    tier = found.tier_enum
    context: dict[str, Any] = {
        "screen": found,
        "runner": found.runner,
        "own": found.runner_id == request.user.pk,
        "info": redflags.tier_info(tier) if tier is not Tier.NONE else None,
        "answers": found.answers.order_by("pk"),
        "card": redflags.safety_net(),
        "acknowledged": found.acknowledgements.exists(),
        "access": safety.plan_access(found.runner, now=timezone.now()),
    }
    template = "emergency" if tier is Tier.EMERGENCY else "outcome"
    return render(request, f"assessments/{template}.html", context)


@login_required
@require_POST
def acknowledge(request: HttpRequest, screen_id: int) -> HttpResponse:
    runner = _own_runner(request)
    found = Screen.objects.filter(pk=screen_id, runner=runner).first()
    if found is None:
        raise Http404("Not found")
    services.acknowledge(runner, found, now=timezone.now())
    messages.info(request, "Noted. Your answers and this advice are kept in your record.")
    return redirect("assessments:screen_detail", screen_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def clearance(request: HttpRequest) -> HttpResponse:
    """The runner confirms a clinician has checked them; this lifts the plan block."""
    runner = _own_runner(request)
    now = timezone.now()
    waiting = safety.screens_waiting_for_clearance(runner, now=now)
    form = forms.ClearanceForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_clearance(runner, note=form.cleaned_data["note"], now=now)
        except InputError as error:
            forms.add_input_error(form, error)
        else:
            messages.success(request, "Thank you. Your plans are open again.")
            return redirect("assessments:home")
    return render(request, "assessments/clearance.html", {"form": form, "waiting": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def pain_profile(request: HttpRequest) -> HttpResponse:
    runner = _own_runner(request)
    latest = services.latest_pain_profile(runner)
    initial: dict[str, Any] = {}
    if latest is not None:
        initial = {**latest.data, "other_sports": ", ".join(latest.data.get("other_sports", []))}
    form = forms.PainProfileForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _, new_leg = services.record_pain_profile(
                runner, form.data_for_core(), now=timezone.now()
            )
        except InputError as error:
            forms.add_input_error(form, error)
        else:
            if new_leg:
                messages.warning(
                    request,
                    "You describe pain reaching your leg(s). Please answer the short safety "
                    "check again.",
                )
                return redirect(reverse("assessments:weekly_screen") + "?reason=symptoms")
            messages.success(request, "Pain profile saved.")
            return redirect("assessments:home")
    return render(request, "assessments/pain_profile.html", {"form": form, "latest": latest})


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    _own_runner(request)
    return render(
        request, "assessments/instrument_list.html", {"instruments": instruments.instruments()}
    )


def _instrument(name: str) -> instruments.Instrument:
    try:
        return instruments.get(name)
    except InputError:
        raise Http404("No such questionnaire") from None


@login_required
@require_http_methods(["GET", "POST"])
def instrument_entry(request: HttpRequest, name: str, runner_id: int | None = None) -> HttpResponse:
    """Answer a questionnaire (runner) or enter a clinician-entered scorer for a runner."""
    viewer = current_user(request)
    runner = _own_runner(request) if runner_id is None else visible_runner_or_404(viewer, runner_id)
    entry = _instrument(name)
    if not services.may_enter(viewer, runner, name):
        raise Http404("You cannot enter this questionnaire for this runner")
    form = forms.InstrumentForm(_posted(request), instrument=entry)
    if request.method == "POST" and form.is_valid():
        try:
            response = services.record_instrument(
                runner, name, form.answers(), entered_by=viewer, now=timezone.now()
            )
        except InputError as error:
            forms.add_input_error(form, error)
        else:
            return redirect("assessments:response_detail", response_id=response.pk)
    return render(
        request,
        "assessments/instrument_entry.html",
        {"form": form, "instrument": entry, "runner": runner, "own": runner.pk == viewer.pk},
    )


@login_required
def response_detail(request: HttpRequest, response_id: int) -> HttpResponse:
    found = _visible(
        request, InstrumentResponse.objects.select_related("runner", "entered_by"), response_id
    )
    history = InstrumentResponse.objects.filter(runner=found.runner, instrument=found.instrument)
    return render(
        request,
        "assessments/response_detail.html",
        {
            "response": found,
            "runner": found.runner,
            "instrument": _instrument(found.instrument),
            "history": history,
        },
    )


@login_required
def self_test_list(request: HttpRequest) -> HttpResponse:
    _own_runner(request)
    return render(
        request,
        "assessments/self_test_list.html",
        {"tests": selftests.tests(), "stop_rule": selftests.stop_rule()},
    )


def _self_test(test_id: str) -> selftests.SelfTest:
    try:
        return selftests.get(test_id)
    except InputError:
        raise Http404("No such self-test") from None


def _self_test_page(
    request: HttpRequest, runner: User, test: selftests.SelfTest, *, entered_by: User | None
) -> HttpResponse:
    """The guided page and result entry of one self-test, for the runner or their clinician.

    Both go through the same form and :func:`services.record_self_test` (validation and the
    comparison with norms); a clinician's result is stored with ``entered_by`` and a note."""
    form: forms.SelfTestForm
    if entered_by is None:
        form = forms.SelfTestForm(_posted(request), test=test)
    else:
        form = forms.ClinicianSelfTestForm(_posted(request), test=test)
    if request.method == "POST" and form.is_valid():
        note = form.note() if isinstance(form, forms.ClinicianSelfTestForm) else ""
        try:
            result = services.record_self_test(
                runner,
                test.id,
                form.values(),
                now=timezone.now(),
                entered_by=entered_by,
                note=note,
            )
        except InputError as error:
            forms.add_input_error(form, error)
        else:
            if entered_by is not None:
                messages.success(
                    request, f"Result saved; {runner} sees it marked as entered by you."
                )
            return redirect("assessments:self_test_result", result_id=result.pk)
    return render(
        request,
        "assessments/self_test.html",
        {
            "test": test,
            "form": form,
            "stop_rule": selftests.stop_rule(),
            "sex": services.norm_sex(runner),
            "runner": runner,
            "clinician_entry": entered_by is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_test(request: HttpRequest, test_id: str) -> HttpResponse:
    runner = _own_runner(request)
    return _self_test_page(request, runner, _self_test(test_id), entered_by=None)


@login_required
@require_http_methods(["GET", "POST"])
def runner_self_test(request: HttpRequest, runner_id: int, test_id: str) -> HttpResponse:
    """A clinician enters a clinical self-test result for a runner who shared with them.

    Only a grant that allows comments (:func:`services.may_enter_self_test`); a read-only
    grant, a stranger or a revoked clinician gets a 404. The access log records the POST as
    a change (:class:`~backstride_web.accounts.access.AccessLogMiddleware`)."""
    viewer = current_user(request)
    runner = visible_runner_or_404(viewer, runner_id)
    test = _self_test(test_id)
    if runner.pk == viewer.pk:
        return redirect("assessments:self_test", test_id=test.id)
    if not services.may_enter_self_test(viewer, runner):
        raise Http404("Your access to this runner does not include entering results")
    return _self_test_page(request, runner, test, entered_by=viewer)


@login_required
def self_test_result(request: HttpRequest, result_id: int) -> HttpResponse:
    found = _visible(request, SelfTestResult.objects.select_related("runner"), result_id)
    history = SelfTestResult.objects.filter(runner=found.runner, test=found.test)
    return render(
        request,
        "assessments/self_test_result.html",
        {"result": found, "runner": found.runner, "history": history},
    )


def _results(runner: User) -> dict[str, Any]:
    by_instrument: dict[str, list[InstrumentResponse]] = defaultdict(list)
    for row in InstrumentResponse.objects.filter(runner=runner):
        by_instrument[row.instrument].append(row)
    by_test: dict[str, list[SelfTestResult]] = defaultdict(list)
    for result in SelfTestResult.objects.filter(runner=runner):
        by_test[result.name].append(result)
    latest = services.latest_pain_profile(runner)
    return {
        "runner": runner,
        "screens": Screen.objects.filter(runner=runner),
        "instrument_history": [
            (_instrument(name), rows) for name, rows in sorted(by_instrument.items())
        ],
        "self_test_history": sorted(by_test.items()),
        "pain_profile": PainProfile.from_mapping(latest.data) if latest else None,
        "pain_profile_at": latest.answered_at if latest else None,
    }


@login_required
def runner_results(request: HttpRequest, runner_id: int) -> HttpResponse:
    """Every screen, score and self-test of a runner over time (read-only)."""
    viewer = current_user(request)
    runner = visible_runner_or_404(viewer, runner_id)
    context = _results(runner)
    context.update(
        own=runner.pk == viewer.pk,
        access=safety.plan_access(runner, now=timezone.now()),
        clinician_entry=[i for i in instruments.instruments() if not i.text_shipped],
        self_test_entry=(
            selftests.tests()
            if runner.pk != viewer.pk and services.may_enter_self_test(viewer, runner)
            else ()
        ),
    )
    return render(request, "assessments/runner_results.html", context)
