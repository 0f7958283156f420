"""The Experiments pages: list and history, set-up wizard, schedule with live progress,
results. Views stay thin: resolve whose data through the access rule (a stranger or a revoked
clinician gets a 404), call :mod:`backstride_web.experiments.services`, render.

Clinicians with a grant see a runner's experiments and results read-only; only the runner
sets one up, answers adherence or stops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from backstride.errors import InputError
from backstride.experiments.templates import Template, get_template, templates
from backstride.reason import hypotheses
from backstride_web.accounts.access import current_user, owned_or_404, runner_in_view
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.experiments import results as result_views
from backstride_web.experiments import services
from backstride_web.experiments.forms import (
    CUSTOM,
    OUTCOME_LABELS,
    AnswerForm,
    ExperimentForm,
    StopForm,
    add_input_error,
)
from backstride_web.experiments.models import Experiment
from backstride_web.explain.services import explain_runner


def _experiment(request: HttpRequest, experiment_id: int) -> Experiment:
    return owned_or_404(current_user(request), Experiment.objects.all(), experiment_id)


def _own_experiment(request: HttpRequest, experiment_id: int) -> Experiment:
    """The experiment, only for its own runner (a clinician may look, not act)."""
    experiment = _experiment(request, experiment_id)
    if experiment.runner_id != current_user(request).pk:
        raise Http404("Not found")
    return experiment


def _runner_only(request: HttpRequest) -> User:
    viewer = current_user(request)
    if not viewer.is_runner:
        raise Http404("Only a runner sets up an experiment on themself")
    return viewer


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Active experiments with today's arm and progress, and the history of finished ones."""
    runner = runner_in_view(request)
    if runner is None:
        messages.info(request, "Choose a runner to see their self-experiments.")
        return redirect("pages:home")
    now = timezone.now()
    active = []
    broken = []
    for experiment in services.active_experiments(runner):
        services.refresh(experiment, now)
        try:
            if experiment.is_active:
                active.append((experiment, services.progress(experiment, now)))
        except InputError as error:
            broken.append(f"{experiment.name}: {error.message}")
    history = services.finished_experiments(runner)
    return render(
        request,
        "experiments/home.html",
        {
            "runner": runner,
            "is_own": runner == current_user(request),
            "active": active,
            "history": history,
            "broken": broken,
        },
    )


@dataclass(frozen=True)
class TemplateChoice:
    """A template on the wizard's first step, with its contributors' places in Explain."""

    template: Template
    contributors: tuple[tuple[str, int | None], ...]
    best: int | None


def _template_choices(runner: User) -> list[TemplateChoice]:
    names = {c.id: c.name for c in hypotheses.contributors()}
    try:
        _, found = explain_runner(runner, now=timezone.now())
        places = {r.id: i for i, r in enumerate(found.ranked, start=1)}
    except InputError:
        places = {}
    choices = []
    for template in templates():
        linked = tuple(
            (names.get(c, c.replace("_", " ")), places.get(c)) for c in template.design.contributors
        )
        ranks = [p for _, p in linked if p is not None]
        choices.append(TemplateChoice(template, linked, min(ranks) if ranks else None))
    return sorted(choices, key=lambda c: (c.best is None, c.best or 0))


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """The set-up wizard: step 1 chooses a template (ranked by the runner's contributors)
    or a custom A/B test; step 2 (``?template=<id>``) sets blocks, dates and conditions."""
    runner = _runner_only(request)
    now = timezone.now()
    today = timezone.localtime(now).date()
    blocked = services.creation_blocked(runner, now=now)
    chosen = request.GET.get("template") or request.POST.get("template")
    if not chosen:
        return render(
            request,
            "experiments/choose.html",
            {"choices": _template_choices(runner), "custom": CUSTOM, "blocked": blocked},
        )
    try:
        template = None if chosen == CUSTOM else get_template(chosen)
    except InputError as error:
        raise Http404(str(error)) from error
    form = ExperimentForm(
        request.POST if request.method == "POST" else None,
        template=template,
        today=today,
        run_days=services.usual_run_days(runner, now=now),
    )
    if request.method == "POST" and form.is_valid() and form.design is not None:
        try:
            experiment = services.create_experiment(
                runner,
                form.design,
                form.cleaned_data["start"],
                run_days=form.run_days_chosen(),
                now=now,
            )
        except InputError as error:
            add_input_error(form, error)
        else:
            messages.success(
                request,
                f"“{experiment.name}” is set up from {experiment.start:%a %d %b}. Your arm "
                "for each day shows here on the day.",
            )
            return redirect("experiments:detail", experiment_id=experiment.pk)
    n_blocks = form.fields["n_blocks"].initial
    if form.is_bound and str(form.data.get("n_blocks", "")).isdigit():
        n_blocks = int(form.data["n_blocks"])
    hint = services.precision_for(runner, max(1, int(n_blocks or 1)), now=now)
    return render(
        request,
        "experiments/new.html",
        {
            "form": form,
            "template": template,
            "chosen": chosen,
            "hint": hint,
            "blocked": blocked,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def hint(request: HttpRequest) -> HttpResponse:
    """The precision hint for ``?n_blocks=`` (HTMX swaps it in as the number changes)."""
    runner = _runner_only(request)
    raw = request.GET.get("n_blocks", "")
    n_blocks = int(raw) if raw.isdigit() and 0 < int(raw) <= 200 else None
    found = (
        None if n_blocks is None else services.precision_for(runner, n_blocks, now=timezone.now())
    )
    return render(request, "experiments/_hint.html", {"hint": found})


def _detail_context(request: HttpRequest, experiment: Experiment) -> dict[str, Any]:
    now = timezone.now()
    services.refresh(experiment, now)
    shown = services.progress(experiment, now)
    is_own = experiment.runner_id == current_user(request).pk
    return {
        "experiment": experiment,
        "runner": experiment.runner,
        "is_own": is_own,
        "progress": shown,
        "design": shown.design,
        "primary_label": OUTCOME_LABELS.get(shown.design.primary, shown.design.primary),
        "stop_form": StopForm() if is_own and experiment.is_active else None,
    }


def _broken(request: HttpRequest, experiment: Experiment, error: InputError) -> HttpResponse:
    """An experiment whose stored record no longer matches its seed: say so, show nothing."""
    return render(
        request,
        "experiments/broken.html",
        {"experiment": experiment, "error": error, "runner": experiment.runner},
        status=409,
    )


@login_required
def detail(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """The schedule: today's arm, each day's arm once its day has come, the run matched to
    each slot with its adherence, live progress, the safety stop."""
    experiment = _experiment(request, experiment_id)
    try:
        context = _detail_context(request, experiment)
    except InputError as error:
        return _broken(request, experiment, error)
    return render(request, "experiments/detail.html", context)


@login_required
def live(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """The progress panel alone (polled by HTMX on the schedule page)."""
    experiment = _experiment(request, experiment_id)
    try:
        context = _detail_context(request, experiment)
    except InputError as error:
        return _broken(request, experiment, error)
    return render(request, "experiments/_progress.html", context)


@login_required
def results(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """The analysis: verdict, effects with intervals, P(A better), p, ITT and per-protocol,
    checks, the period diagram and the allocation."""
    experiment = _experiment(request, experiment_id)
    services.refresh(experiment, timezone.now())
    try:
        shown = result_views.results_context(experiment, now=timezone.now())
    except InputError as error:
        return _broken(request, experiment, error)
    context = {
        "r": shown,
        "experiment": experiment,
        "runner": experiment.runner,
        "is_own": experiment.runner_id == current_user(request).pk,
    }
    return render(request, "experiments/results.html", context)


@login_required
@require_POST
def stop(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """Stop an active experiment (the runner's choice; the reason is kept)."""
    experiment = _own_experiment(request, experiment_id)
    form = StopForm(request.POST)
    if form.is_valid():
        try:
            services.stop(experiment, form.cleaned_data["reason"], timezone.now())
        except InputError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Stopped. The result as it stood is kept below.")
            return redirect("experiments:results", experiment_id=experiment.pk)
    else:
        messages.error(request, "Say briefly why you stop (at most 500 characters).")
    return redirect("experiments:detail", experiment_id=experiment.pk)


@login_required
@require_POST
def answer(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """The runner's "did you follow this run's arm?" for one run."""
    experiment = _own_experiment(request, experiment_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Answer yes or no for a run of this experiment.")
        return redirect("experiments:detail", experiment_id=experiment.pk)
    activity = Activity.objects.filter(
        pk=form.cleaned_data["activity"], owner=experiment.runner
    ).first()
    if activity is None:
        raise Http404("No such run")
    try:
        services.answer_adherence(
            experiment, activity, form.cleaned_data["followed"], now=timezone.now()
        )
    except InputError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thanks, noted.")
    return redirect("experiments:detail", experiment_id=experiment.pk)
