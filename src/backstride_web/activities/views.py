from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from backstride_web.accounts.access import (
    current_user,
    owned_or_404,
    runner_in_view,
)
from backstride_web.accounts.models import RunnerProfile, Units
from backstride_web.activities.charts import activity_charts
from backstride_web.activities.forms import SORTS, FilterForm, UploadForm, safe_name
from backstride_web.activities.listing import LIST_FIELDS, filter_form_html, rows_html, run_rows
from backstride_web.activities.models import Activity
from backstride_web.activities.services import load_streams
from backstride_web.jobs import services as jobs_services

PAGE_SIZE = 50


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    runner = runner_in_view(request)
    if runner is None:
        messages.info(request, "Choose a runner to see their runs.")
        return redirect("pages:home")
    runs = Activity.objects.filter(owner=runner)
    sports = sorted(runs.order_by().values_list("sport", flat=True).distinct())
    form = FilterForm(request.GET or None, sports=sports)
    order = SORTS["-start"][0]
    if form.is_valid():
        if form.cleaned_data["sport"]:
            runs = runs.filter(sport=form.cleaned_data["sport"])
        if form.cleaned_data["since"]:
            runs = runs.filter(start_utc__date__gte=form.cleaned_data["since"])
        if form.cleaned_data["until"]:
            runs = runs.filter(start_utc__date__lte=form.cleaned_data["until"])
        order = SORTS.get(form.cleaned_data["sort"] or "-start", SORTS["-start"])[0]
    runs = runs.order_by(order, "-pk").only(*LIST_FIELDS)
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    profile = RunnerProfile.objects.filter(user=runner).only("units").first()
    units = profile.units if profile is not None else Units.KM
    rows = run_rows(page.object_list, units=units)
    return render(
        request,
        "activities/list.html",
        {
            "runner": runner,
            "page": page,
            "rows": rows,
            "rows_html": rows_html(rows),
            "form": form,
            "filters": filter_form_html(form),
            "query": query.urlencode(),
            "is_own": runner == current_user(request),
        },
    )


@login_required
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = current_user(request)
    activity = owned_or_404(
        viewer, Activity.objects.select_related("pain"), activity_id, owner="owner"
    )
    profile = getattr(activity.owner, "runner_profile", None)
    per_mile = profile is not None and profile.units == Units.MI
    pain = getattr(activity, "pain", None)
    onset = pain.onset_s if pain is not None else None
    charts = (
        activity_charts(load_streams(activity), per_mile=per_mile, pain_onset_s=onset)
        if activity.samples
        else []
    )
    return render(
        request,
        "activities/detail.html",
        {"activity": activity, "charts": charts, "is_own": activity.owner == viewer, "pain": pain},
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    runner = current_user(request)
    if not runner.is_runner:
        raise Http404("Only runners import their own runs")
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        job_id = uuid.uuid4()
        folder = Path(settings.MEDIA_ROOT) / "imports" / str(runner.pk) / str(job_id)
        folder.mkdir(parents=True, exist_ok=True)
        for number, upload_file in enumerate(form.cleaned_data["uploads"]):
            target = folder / f"{number:04d}-{safe_name(upload_file.name or 'upload')}"
            with target.open("wb") as handle:
                for chunk in upload_file.chunks():
                    handle.write(chunk)
        job = jobs_services.submit(runner, "import_activities", job_id=job_id)
        messages.info(request, "Your files are uploaded; the import runs in the background.")
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "activities/upload.html", {"form": form})
