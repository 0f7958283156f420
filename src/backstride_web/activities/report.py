"""The runs section of the clinician report: volume in the period and its load spikes.

Load spikes are the core's (:mod:`backstride.analysis.load`): a run more than 10 % longer
than the longest of the previous 30 days. The 30 days before the period are read too, so a
spike in the period's first month is judged against the runs that came before it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from django.utils import timezone
from django.utils.safestring import mark_safe

from backstride.analysis.load import SPIKE_WINDOW_DAYS, load_summary
from backstride.errors import InputError
from backstride.model import FOOT_SPORTS
from backstride.pain import RunContext, RunRecord
from backstride.report.survival_chart import weekly_load_svg
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.report.sections import ReportPeriod, report_section

RUNSAFE: Final = (
    "Nielsen RO et al. BJSM 2025 (Garmin-RUNSAFE: single-run spikes over the longest run "
    "of the previous 30 days and overuse injury), https://blogs.bmj.com/bjsm/2025/10/06/"
    "how-much-running-is-too-much-a-new-take-on-injury-risk-for-runners"
)


def _record(activity: Activity) -> RunRecord:
    return RunRecord(
        run_id=str(activity.pk),
        start_utc=activity.start_utc,
        context=RunContext(duration_s=activity.elapsed_s, distance_m=activity.distance_m),
        utc_offset_s=activity.local_utc_offset_s or 0,
    )


def _length(value: float, basis: str) -> str:
    return f"{value / 1000:.1f} km" if basis == "distance_m" else f"{value / 60:.0f} min"


@report_section(
    "runs", title="Runs and load spikes", order=30, template="report/sections/runs.html"
)
def runs_section(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
    """Runs, distance and time in the period; weekly distance; every load spike in it."""
    start = period.bounds()[0]
    as_of = period.as_of
    rows = list(
        Activity.objects.filter(
            owner=runner,
            sport__in=FOOT_SPORTS,
            start_utc__gte=start - timedelta(days=SPIKE_WINDOW_DAYS),
            start_utc__lte=as_of,
        )
        .defer("laps", "warnings")
        .order_by("start_utc", "pk")
    )
    inside = [a for a in rows if a.start_utc >= start]
    if not inside:
        return None
    records, skipped = [], 0
    for activity in rows:
        try:
            records.append(_record(activity))
        except InputError:
            skipped += 1
    load = load_summary(records, now=as_of)
    weeks = [w for w in load.weeks if w.week_start + timedelta(days=6) >= period.start]
    by_id = {str(a.pk): a for a in inside}
    spikes = [
        {
            "spike": s,
            "day": timezone.localtime(s.start_utc).date(),
            "this": _length(s.value, s.basis),
            "before": _length(s.longest_previous, s.basis),
            "percent": round(s.increase * 100),
        }
        for s in load.spikes
        if s.run_id in by_id
    ]
    distance_m = sum(a.distance_m or 0.0 for a in inside)
    longest = max(inside, key=lambda a: (a.distance_m or 0.0, a.elapsed_s))
    chart = weekly_load_svg(weeks, title="Distance per week (km), load spikes marked ▲")
    return {
        "n_runs": len(inside),
        "distance_km": distance_m / 1000,
        "hours": sum(a.elapsed_s for a in inside) / 3600,
        "longest": longest,
        "longest_km": (longest.distance_m or 0.0) / 1000,
        "weeks": weeks,
        "chart": mark_safe(chart) if chart else None,  # noqa: S308 - numbers and escaped labels
        "spikes": spikes,
        "skipped": skipped,
        "next_run_limit_km": (
            load.next_run_limit_m / 1000 if load.next_run_limit_m is not None else None
        ),
        "sources": [RUNSAFE],
    }
