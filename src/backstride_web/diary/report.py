"""The pain-diary sections of the clinician report.

* **Pain-free minutes and morning pain**: the diary runs of the period, how long each stayed
  pain-free, and the morning check-ins with their trend;
* **Kaplan-Meier curves and Cox model**: the same analysis as the diary's analysis page
  (:func:`backstride.analysis.overview.analyse`, rows mapped as
  :mod:`backstride_web.diary.analysis` maps them), restricted to the runs of the period.

The analysis is "as of" the period's end, over the runs that started in the period: a
clinician who picks a period gets that period's statistics, not the runner's whole history.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from django.utils.safestring import mark_safe

from backstride.analysis.checkins import RISE_POINTS
from backstride.analysis.insights import median_text
from backstride.analysis.overview import COVARIATE_LABELS, Analysis, analyse
from backstride.analysis.survival import kaplan_meier
from backstride.report.charts import line_chart_svg
from backstride.report.survival_chart import km_chart_svg, pain_free_minutes_svg
from backstride_web.accounts.models import User
from backstride_web.diary.analysis import diary_inputs
from backstride_web.diary.models import DailyCheckin
from backstride_web.report.sections import ReportPeriod, per_report, report_section

SURVIVAL_SOURCES: Final = (
    "Kaplan EL, Meier P. JASA 1958;53:457 (Kaplan-Meier estimate; pain-free runs censored)",
    "Brookmeyer R, Crowley J. Biometrics 1982;38:29 (confidence interval of the median)",
    "Peto R, Peto J. JRSS-A 1972;135:185 (log-rank test)",
    "Cox DR. JRSS-B 1972;34:187 (proportional-hazards model)",
    "Peduzzi P et al. J Clin Epidemiol 1995;48:1503 (10 events per covariate)",
)
MORNING_SOURCES: Final = (
    "Silbernagel KG et al. Am J Sports Med 2007;35:897 (pain-monitoring model: morning "
    "symptoms should not rise week to week), https://read.qxmd.com/read/17307888/",
    "Ostelo RW et al. Spine 2008;33:90 (minimal important change in low-back pain ratings)",
)


@dataclass(frozen=True)
class PeriodAnalysis:
    analysis: Analysis
    checkins: list[DailyCheckin]
    skipped: int


def period_analysis(runner: User, period: ReportPeriod) -> PeriodAnalysis:
    """The diary analysis of the runs and check-ins in ``period``, as of its end (computed
    once per report: both diary sections show it)."""
    return per_report(("diary", runner.pk, period), lambda: _analyse(runner, period))


def _analyse(runner: User, period: ReportPeriod) -> PeriodAnalysis:
    start, _end = period.bounds()
    as_of = period.as_of
    inputs = diary_inputs(runner, now=as_of, since=start)
    return PeriodAnalysis(
        analyse(inputs.records, inputs.core_checkins, now=as_of), inputs.checkins, inputs.skipped
    )


def _weekly_morning(checkins: list[DailyCheckin]) -> list[dict[str, Any]]:
    weeks: dict[datetime.date, list[int]] = {}
    for c in checkins:
        monday = c.day - datetime.timedelta(days=c.day.weekday())
        weeks.setdefault(monday, []).append(c.morning_pain)
    return [
        {"week": week, "n": len(values), "mean": statistics.fmean(values), "max": max(values)}
        for week, values in sorted(weeks.items())
    ]


def _morning_chart(checkins: list[DailyCheckin], period: ReportPeriod) -> str | None:
    days = np.array([(c.day - period.start).days for c in checkins], dtype=np.float64)
    pain = np.array([c.morning_pain for c in checkins], dtype=np.float64)
    svg = line_chart_svg(
        days,
        pain,
        title="Morning pain (0-10) at each check-in",
        y_label="morning pain",
        x_label=f"days since {period.start.isoformat()}",
        height=170,
    )
    return None if svg is None else mark_safe(svg)  # noqa: S308 - numbers and escaped labels


@report_section(
    "pain",
    title="Pain-free minutes and morning pain",
    order=40,
    template="report/sections/pain.html",
)
def pain_section(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
    found = period_analysis(runner, period)
    a = found.analysis
    if a.n_diary_runs == 0 and not found.checkins:
        return None
    runs = a.pain_free_runs
    onsets = [r.pain_free_min for r in runs if r.pain]
    overall = None
    if runs:
        overall = kaplan_meier(
            np.array([r.pain_free_min * 60 for r in runs], dtype=np.float64),
            np.array([r.pain for r in runs], dtype=bool),
            "all diary runs",
        )
    chart = pain_free_minutes_svg(
        [(r.start_utc, r.pain_free_min, r.pain) for r in runs],
        title="Pain-free minutes per run (filled: pain started; open: pain-free run)",
    )
    morning = [c.morning_pain for c in found.checkins]
    return {
        "n_runs": a.n_runs,
        "n_diary_runs": a.n_diary_runs,
        "n_pain_runs": a.n_pain_runs,
        "n_pain_free_runs": a.n_diary_runs - a.n_pain_runs,
        "median_onset_min": statistics.median(onsets) if onsets else None,
        "peak_max": max((r.peak for r in runs), default=None),
        "overall": overall,
        "overall_median": median_text(overall) if overall is not None else None,
        "chart": mark_safe(chart) if chart else None,  # noqa: S308 - numbers, escaped labels
        "checkins": len(found.checkins),
        "morning_mean": statistics.fmean(morning) if morning else None,
        "morning_weeks": _weekly_morning(found.checkins),
        "morning_chart": _morning_chart(found.checkins, period),
        "trend": a.morning,
        "rise_points": RISE_POINTS,
        "skipped": found.skipped,
        "sources": [*MORNING_SOURCES, SURVIVAL_SOURCES[0]],
    }


@report_section(
    "survival",
    title="When pain starts: Kaplan–Meier curves and Cox model",
    order=50,
    template="report/sections/survival.html",
)
def survival_section(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
    a = period_analysis(runner, period).analysis
    if a.n_diary_runs == 0:
        return None
    charts = []
    for comparison in a.comparisons:
        svg = km_chart_svg(
            [comparison.yes, comparison.no],
            title=f"Share of runs still pain-free, by minute: {comparison.condition}",
        )
        if svg:
            charts.append(mark_safe(svg))  # noqa: S308 - numbers and escaped labels only
    return {
        "analysis": a,
        "comparisons": [
            {"c": c, "yes": median_text(c.yes), "no": median_text(c.no)} for c in a.comparisons
        ],
        "charts": charts,
        "cox": a.cox,
        "hazard_ratios": [
            {"label": COVARIATE_LABELS.get(hr.covariate, hr.covariate), "hr": hr}
            for hr in a.cox.hazard_ratios
        ],
        "notice": a.notice,
        "sources": list(SURVIVAL_SOURCES),
    }
