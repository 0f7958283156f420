"""The report page and its PDF.

Whose report: the viewer's own (a runner), or ``?runner=<id>`` for a clinician with an active
grant (:func:`~backstride_web.accounts.access.runner_in_view`; anyone else gets a 404). The
period comes from ``?start=`` and ``?end=`` (default: the last 12 weeks). Both views render
the same templates through :mod:`~backstride_web.report.render`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from backstride_web.accounts.access import current_user, runner_in_view, visible_runners
from backstride_web.accounts.models import User
from backstride_web.report import render as report
from backstride_web.report.forms import PeriodForm


def _query(request: HttpRequest, runner: User, form: PeriodForm) -> str:
    params = {}
    if runner != current_user(request):
        params["runner"] = str(runner.pk)
    if form.period is not None:
        params |= {"start": form.period.start.isoformat(), "end": form.period.end.isoformat()}
    return urlencode(params)


def _form(request: HttpRequest) -> PeriodForm:
    form = PeriodForm(request.GET, today=timezone.localdate())
    form.is_valid()
    return form


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The report on screen, with the period chooser and the PDF link."""
    runner = runner_in_view(request)
    if runner is None:
        runners = visible_runners(current_user(request)).order_by("display_name", "email")
        return render(request, "report/choose.html", {"runners": runners})
    form = _form(request)
    context = {"form": form, "runner": runner, "is_own": runner == current_user(request)}
    if form.period is None:
        return render(request, "report/page.html", context, status=400)
    context |= report.report_context(runner, form.period, now=timezone.now())
    context["query"] = _query(request, runner, form)
    # Show the dates the report covers, defaults included.
    chosen = {"start": form.period.start, "end": form.period.end}
    context["form"] = PeriodForm(initial=chosen, today=form.today)
    return render(request, "report/page.html", context)


@login_required
@require_GET
def pdf(request: HttpRequest) -> HttpResponse:
    """The same report as an A4 PDF download."""
    runner = runner_in_view(request)
    if runner is None:
        return home(request)
    form = _form(request)
    if form.period is None:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(f"Bad period: {errors}", status=400, content_type="text/plain")
    try:
        content = report.render_report_pdf(runner, form.period, now=timezone.now())
    except report.PdfUnavailableError as error:
        context = {"message": str(error), "query": _query(request, runner, form)}
        return render(request, "report/unavailable.html", context, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    filename = report.pdf_filename(runner, form.period)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
