from __future__ import annotations

import datetime
from collections import defaultdict
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from backstride.report.survival_chart import (
    km_chart_svg,
    pain_free_minutes_svg,
    weekly_load_svg,
)
from backstride_web.accounts.access import current_user, runner_in_view
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary import services
from backstride_web.diary.analysis import analyse_runner
from backstride_web.diary.forms import CheckinForm, ManualRunForm, RunPainForm
from backstride_web.diary.models import DailyCheckin, RunPain

TIMELINE_DAYS = 84


def _own_runner(request: HttpRequest) -> User:
    user = current_user(request)
    if not user.is_runner:
        raise Http404("Only runners keep a diary")
    return user


@login_required
def timeline(request: HttpRequest) -> HttpResponse:
    """Runs, pain and check-ins of the last twelve weeks, newest week first."""
    viewer = current_user(request)
    runner = runner_in_view(request)
    if runner is None:
        messages.info(request, "Choose a runner to see their diary.")
        return redirect("pages:home")
    today = timezone.localdate()
    since = today - datetime.timedelta(days=TIMELINE_DAYS)
    runs = (
        Activity.objects.filter(owner=runner, start_utc__date__gte=since)
        .select_related("pain")
        .defer("laps", "warnings")
        .order_by("-start_utc")
    )
    checkins = DailyCheckin.objects.filter(runner=runner, day__gte=since)
    weeks: dict[datetime.date, dict[str, list[Any]]] = defaultdict(
        lambda: {"runs": [], "checkins": []}
    )
    for run in runs:
        day = timezone.localtime(run.start_utc).date()
        weeks[day - datetime.timedelta(days=day.weekday())]["runs"].append(run)
    for checkin in checkins:
        weeks[checkin.day - datetime.timedelta(days=checkin.day.weekday())]["checkins"].append(
            checkin
        )
    unlogged = [run for run in runs if not hasattr(run, "pain")][:3] if runner == viewer else []
    cards = analyse_runner(runner, now=timezone.now()).analysis.insights[:3]
    return render(
        request,
        "diary/timeline.html",
        {
            "runner": runner,
            "is_own": runner == viewer,
            "weeks": sorted(weeks.items(), reverse=True),
            "unlogged": unlogged,
            "checked_in_today": checkins.filter(day=today).exists(),
            "cards": cards,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def log_pain(request: HttpRequest, activity_id: int) -> HttpResponse:
    runner = _own_runner(request)
    activity = get_object_or_404(Activity, pk=activity_id, owner=runner)
    existing = RunPain.objects.filter(activity=activity).first()
    bounds = partial(RunPainForm, duration_s=activity.elapsed_s, distance_m=activity.distance_m)
    if request.method == "POST" and "no_pain" in request.POST:
        services.record_no_pain(activity)
        messages.success(request, "Logged: no pain on this run.")
        return redirect("diary:timeline")
    if request.method == "POST":
        form = bounds(request.POST)
        if form.is_valid():
            first_leg_symptom = services.is_new_leg_symptom(runner, form.cleaned_data)
            services.record_pain(activity, form.cleaned_data)
            messages.success(request, "Pain logged.")
            if first_leg_symptom:
                # DESIGN.md §4: new leg symptoms prompt the short red-flag screen at once.
                messages.warning(
                    request,
                    "Pain in the leg is new in your diary: please answer the short safety check. "
                    "If it persists or spreads, see a clinician.",
                )
                return redirect(reverse("assessments:weekly_screen") + "?reason=symptoms")
            return redirect("diary:timeline")
    else:
        initial: dict[str, Any] = {}
        if activity.warmup_s is not None:
            initial["warmup_min"] = round(activity.warmup_s / 60, 1)
        if existing is not None:
            initial.update(
                {name: getattr(existing, name) for name in services.DETAIL_FIELDS}
                | {name: getattr(existing, name) for name in services.CONTEXT_FIELDS}
                | {"peak": existing.peak}
            )
            if existing.onset_s is not None:
                minutes, seconds = divmod(round(existing.onset_s), 60)
                initial["onset_other"] = f"{minutes}:{seconds:02d}"
        form = bounds(initial=initial)
    return render(
        request, "diary/log_pain.html", {"form": form, "activity": activity, "existing": existing}
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    runner = _own_runner(request)
    today = timezone.localdate()
    if request.method == "POST":
        form = CheckinForm(request.POST, today=today)
        if form.is_valid():
            services.record_checkin(runner, form.cleaned_data)
            messages.success(request, "Check-in saved.")
            return redirect("diary:timeline")
    else:
        last = DailyCheckin.objects.filter(runner=runner).first()
        initial: dict[str, Any] = {"day": today, "morning_pain": 0, "morning_stiffness": 0}
        if last is not None:
            initial.update(sitting_hours=last.sitting_hours, sleep_hours=last.sleep_hours)
        form = CheckinForm(initial=initial, today=today)
    return render(request, "diary/checkin.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def new_run(request: HttpRequest) -> HttpResponse:
    runner = _own_runner(request)
    now = timezone.now()
    if request.method == "POST":
        form = ManualRunForm(request.POST, now=now)
        if form.is_valid():
            distance = form.cleaned_data["distance_km"]
            activity = services.record_manual_run(
                runner,
                started=form.cleaned_data["started"],
                duration_s=form.cleaned_data["duration"],
                distance_m=distance * 1000 if distance else None,
            )
            return redirect("diary:log_pain", activity_id=activity.pk)
    else:
        form = ManualRunForm(now=now)
    return render(request, "diary/new_run.html", {"form": form})


@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    """Survival curves, the Cox model, training load and insight cards, with sources."""
    runner = runner_in_view(request)
    if runner is None:
        messages.info(request, "Choose a runner to see their analysis.")
        return redirect("pages:home")
    result = analyse_runner(runner, now=timezone.now())
    found = result.analysis
    charts = []
    for comparison in found.comparisons:
        svg = km_chart_svg(
            [comparison.yes, comparison.no],
            title=f"Share of runs still pain-free, by minute: {comparison.condition}",
        )
        if svg:
            charts.append(mark_safe(svg))  # noqa: S308 - numbers and escaped labels only
    pain_free = pain_free_minutes_svg(
        [(run.start_utc, run.pain_free_min, run.pain) for run in found.pain_free_runs],
        title="Pain-free minutes per run",
    )
    load = weekly_load_svg(found.load.weeks, title="Weekly distance (km), spikes marked ▲")
    return render(
        request,
        "diary/analysis.html",
        {
            "runner": runner,
            "is_own": runner == current_user(request),
            "analysis": found,
            "skipped": result.skipped_records,
            "km_charts": charts,
            "pain_free_chart": mark_safe(pain_free) if pain_free else None,  # noqa: S308
            "load_chart": mark_safe(load) if load else None,  # noqa: S308
        },
    )
