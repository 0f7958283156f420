"""The "Gait and posture" section of the clinician report: the latest analysed session's
metrics against their reference ranges, its angle charts (inline SVG, so the PDF needs no
images) and, when an earlier session of the same view exists, the before/after change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.safestring import mark_safe

from backstride_web.gait import services
from backstride_web.gait.cycles import cycle_charts
from backstride_web.gait.models import GaitSession, GaitStatus
from backstride_web.report.sections import ReportPeriod, report_section

if TYPE_CHECKING:
    from backstride_web.accounts.models import User


@report_section("gait", title="Gait and posture", order=70, template="gait/report_section.html")
def gait_section(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
    """None when the runner has no analysed session up to the end of the period."""
    start, _end = period.bounds()
    done = GaitSession.objects.filter(
        runner=runner, status=GaitStatus.DONE, created_at__lte=period.as_of
    ).order_by("-created_at", "-pk")
    latest = done.first()
    if latest is None:
        return None
    before = done.filter(view=latest.view).exclude(pk=latest.pk).first()
    rows = services.metric_rows(latest)
    sources = list(dict.fromkeys(s for row in rows if row.median is not None for s in row.sources))
    return {
        "session": latest,
        "rows": rows,
        "sources": sources,
        "charts": [mark_safe(svg) for svg in cycle_charts(latest.summary)],  # noqa: S308 - ours, escaped
        "before": before,
        "changes": services.compare(before, latest) if before is not None else [],
        "in_period": latest.created_at >= start,
    }
