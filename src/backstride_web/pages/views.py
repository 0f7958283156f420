from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from backstride_web.accounts.access import current_user, visible_runners
from backstride_web.accounts.models import RunnerProfile
from backstride_web.activities.models import Activity
from backstride_web.diary.models import DailyCheckin
from backstride_web.jobs.models import Job
from backstride_web.pages.alerts import alerts_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    recent_jobs = Job.objects.filter(owner=user)[:5]
    if user.is_clinician:
        now = timezone.now()
        runners = [
            (runner, alerts_for(runner, now=now))
            for runner in visible_runners(user).select_related("runner_profile").order_by("email")
        ]
        return render(
            request, "pages/home_clinician.html", {"runners": runners, "recent_jobs": recent_jobs}
        )
    profile, _ = RunnerProfile.objects.get_or_create(user=user)
    today = timezone.localdate()
    days_to_goal = (profile.goal_date - today).days if profile.goal_date else None
    recent_runs = list(
        Activity.objects.filter(owner=user)
        .select_related("pain")
        .only("pk", "start_utc", "distance_m", "elapsed_s", "sport", "pain__onset_s")
        .order_by("-start_utc")[:5]
    )
    return render(
        request,
        "pages/home_runner.html",
        {
            "profile": profile,
            "days_to_goal": days_to_goal,
            "recent_jobs": recent_jobs,
            "recent_runs": recent_runs,
            "unlogged": [run for run in recent_runs if not hasattr(run, "pain")],
            "checked_in_today": DailyCheckin.objects.filter(runner=user, day=today).exists(),
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and `make demo` scripts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
