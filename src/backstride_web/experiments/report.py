"""The "Self-experiments" section of the clinician report.

Each experiment that overlaps the period, analysed as of the end of the period (or when it
ended), with the same verdict, table and period diagram as the results page
(:func:`~backstride_web.experiments.results.results_context`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backstride.errors import InputError
from backstride_web.experiments.models import Experiment
from backstride_web.experiments.results import results_context
from backstride_web.report.sections import ReportPeriod, report_section

if TYPE_CHECKING:
    from backstride_web.accounts.models import User


@report_section(
    "experiments",
    title="Self-experiments",
    order=80,
    template="experiments/report_section.html",
)
def experiments_section(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
    """None when no experiment of ``runner`` overlaps the period."""
    as_of = period.as_of
    rows = Experiment.objects.filter(
        runner=runner, start__lte=period.end, end__gte=period.start, created_at__lte=as_of
    ).order_by("start", "pk")
    shown = []
    skipped = []
    for experiment in rows:
        try:
            shown.append(results_context(experiment, now=as_of))
        except InputError as error:  # an altered record: name it rather than fail the report
            skipped.append(f"{experiment.name}: {error}")
    if not shown and not skipped:
        return None
    sources = list(dict.fromkeys(s for item in shown for s in item["sources"]))
    return {"experiments": shown, "skipped": skipped, "sources": sources}
