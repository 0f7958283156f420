"""Gait pages: the session list, upload, results (video, metrics, charts), downloads and
before/after comparison. Every view resolves the runner through the access rules
(yourself, or a runner who granted you access); anyone else gets a 404."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from backstride_web.accounts.access import current_user, owned_or_404, runner_in_view
from backstride_web.gait import services
from backstride_web.gait.cycles import cycle_charts
from backstride_web.gait.forms import UploadForm
from backstride_web.gait.models import GaitSession, GaitStatus
from backstride_web.gait.ranged import ranged_file_response

VIDEO_TYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".mov": "video/quicktime"}


def _session(request: HttpRequest, session_id: int) -> GaitSession:
    session = owned_or_404(
        current_user(request), GaitSession.objects.select_related("job"), session_id
    )
    return services.sync_with_job(session)


def _query(request: HttpRequest, session: GaitSession) -> str:
    return "" if session.runner == current_user(request) else f"?runner={session.runner_id}"


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    runner = runner_in_view(request)
    if runner is None:
        messages.info(request, "Choose a runner to see their gait sessions.")
        return redirect("pages:home")
    sessions = list(GaitSession.objects.filter(runner=runner))
    done = [s for s in sessions if s.status == GaitStatus.DONE]
    is_own = runner == current_user(request)
    return render(
        request,
        "gait/list.html",
        {
            "runner": runner,
            "sessions": sessions,
            "done": done,
            "is_own": is_own,
            "query": "" if is_own else f"?runner={runner.pk}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    runner = current_user(request)
    if not runner.is_runner:
        raise Http404("Only runners upload their own videos")
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = services.create_session(
            runner,
            data["video"],
            view=data["view"],
            label=data["label"],
            filmed_fps=data["filmed_fps"],
            start_s=data["start_s"] or 0.0,
            end_s=data["end_s"],
            crop=data["crop"],
        )
        messages.info(request, "Your video is uploaded; the analysis runs in the background.")
        return redirect("gait:detail", session_id=session.pk)
    return render(request, "gait/upload.html", {"form": form})


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    charts = [mark_safe(svg) for svg in cycle_charts(session.summary)]  # noqa: S308 - built by us, text escaped
    return render(
        request,
        "gait/detail.html",
        {
            "session": session,
            "runner": session.runner,
            "is_own": session.runner == current_user(request),
            "rows": services.metric_rows(session),
            "charts": charts,
            "overlay_pending": services.overlay_pending(session),
            "query": _query(request, session),
            "others": [s for s in services.done_sessions(session.runner) if s.pk != session.pk],
        },
    )


@login_required
def session_status(request: HttpRequest, session_id: int) -> HttpResponse:
    """The live progress of an analysis; HTMX polls it and reloads the page when it ends."""
    session = _session(request, session_id)
    if not session.is_finished:
        return render(request, "gait/_status.html", {"session": session})
    pending = services.overlay_pending(session)
    response = render(
        request, "gait/_overlay_status.html", {"session": session, "overlay_pending": pending}
    )
    if not pending:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def session_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    if session.runner != current_user(request):
        raise Http404("Only the runner deletes their sessions")
    if session.status == GaitStatus.RUNNING:
        messages.error(request, "Wait until the analysis has finished, then delete it.")
        return redirect("gait:detail", session_id=session.pk)
    session.delete()
    messages.success(request, "The session and its videos are deleted.")
    return redirect("gait:list")


def _file(
    request: HttpRequest, session_id: int, field: str, *, attachment: bool
) -> HttpResponseBase:
    session = _session(request, session_id)
    stored = getattr(session, field)
    if not stored.name or not default_storage.exists(stored.name):
        raise Http404("This session has no such file")
    suffix = "." + stored.name.rsplit(".", 1)[-1].lower()
    content_type = VIDEO_TYPES.get(suffix, "text/csv; charset=utf-8")
    if field == "video":
        content_type = VIDEO_TYPES.get(suffix, "application/octet-stream")
    filename = f"gait-{session.pk}-{stored.name.rsplit('/', 1)[-1]}"
    return ranged_file_response(
        request, stored.name, content_type=content_type, filename=filename, as_attachment=attachment
    )


@login_required
def overlay_video(request: HttpRequest, session_id: int) -> HttpResponseBase:
    return _file(request, session_id, "overlay", attachment=False)


@login_required
def original_video(request: HttpRequest, session_id: int) -> HttpResponseBase:
    return _file(request, session_id, "video", attachment=True)


@login_required
def steps_csv(request: HttpRequest, session_id: int) -> HttpResponseBase:
    return _file(request, session_id, "steps_csv", attachment=True)


@login_required
def frames_csv(request: HttpRequest, session_id: int) -> HttpResponseBase:
    return _file(request, session_id, "frames_csv", attachment=True)


@login_required
def summary_json(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    if session.status != GaitStatus.DONE:
        raise Http404("This session has no results")
    document = {
        "session": {
            "id": session.pk,
            "created_at": session.created_at.isoformat(),
            "view": session.view,
            "label": session.label,
            "original_name": session.original_name,
        },
        **session.summary,
    }
    response = HttpResponse(
        json.dumps(document, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="gait-{session.pk}-summary.json"'
    return response


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """Two sessions of one runner side by side: ``?before=<id>&after=<id>``."""
    ids = [request.GET.get(key, "") for key in ("before", "after")]
    if not all(i.isdigit() for i in ids):
        messages.info(request, "Choose two sessions to compare.")
        target = reverse("gait:list")
        runner_id = request.GET.get("runner", "")
        return redirect(f"{target}?runner={runner_id}" if runner_id.isdigit() else target)
    before, after = (_session(request, int(i)) for i in ids)
    if before.runner_id != after.runner_id:
        raise Http404("Both sessions must be the same runner's")
    if before.pk == after.pk:
        messages.error(request, "Choose two different sessions.")
        return redirect(reverse("gait:list") + _query(request, before))
    return render(
        request,
        "gait/compare.html",
        {
            "before": before,
            "after": after,
            "runner": before.runner,
            "changes": services.compare(before, after),
            "before_rows": {r.name: r for r in services.metric_rows(before)},
            "query": _query(request, before),
            "views_differ": before.view != after.view,
        },
    )
