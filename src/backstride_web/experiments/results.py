"""What the results page and the report section show for one experiment.

One function, :func:`results_context`, so the web page and the clinician report print the
same numbers. A finished or stopped experiment is analysed as of the moment it ended (runs
logged later do not change it); an active one as of now ("so far").
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from backstride.analysis.nof1 import Effect, Nof1Result, SetResult
from backstride.errors import InputError
from backstride.experiments.conduct import local_day
from backstride.experiments.schedule import Schedule
from backstride.experiments.templates import get_template
from backstride_web.experiments import services
from backstride_web.experiments.diagram import RunIn, period_diagram_svg
from backstride_web.experiments.models import Experiment

OUTCOME_NAMES = {
    "pain_free_min": ("Restricted mean pain-free time", "min"),
    "peak_pain": ("Peak pain during the run", "points (0-10)"),
    "next_morning_pain": ("Pain the next morning", "points (0-10)"),
}
VERDICT_CLASS = {
    "a_better": "ok",
    "b_better": "ok",
    "no_important_difference": "neutral",
    "not_enough_evidence": "caution",
}
METHOD_SOURCES = (
    "Kravitz RL, Duan N, eds. Design and Implementation of N-of-1 Trials: A User's Guide. "
    "AHRQ 2014",
    "Vohra S, Shamseer L, et al. CONSORT extension for reporting N-of-1 trials (CENT) 2015. "
    "BMJ 2015;350:h1793",
    "Edgington ES, Onghena P. Randomization Tests, 4th ed. 2007 (randomisation test)",
    "Royston P, Parmar MKB. Restricted mean survival time. BMC Med Res Methodol 2013;13:152",
)


@dataclass(frozen=True)
class EffectRow:
    """One outcome of one analysis set, in words and numbers for a table."""

    name: str
    unit: str
    effect: Effect
    better: str
    """Which way is better for this outcome, in words."""

    @property
    def p_a_better(self) -> str:
        """P(A better) as a percentage that never claims certainty (as the verdict words it)."""
        p = self.effect.p_a_better
        if p is None:
            return "—"
        if p > 0.99:
            return "over 99 %"
        if p < 0.01:
            return "under 1 %"
        return f"{p:.0%}".replace("%", " %")


def _rows(result_set: SetResult) -> list[EffectRow]:
    rows = []
    for effect in result_set.effects:
        name, unit = OUTCOME_NAMES.get(effect.outcome, (effect.outcome, ""))
        better = "more is better" if effect.higher_is_better else "less is better"
        rows.append(EffectRow(name, unit, effect, better))
    return rows


def _run_in(experiment: Experiment, schedule: Schedule, as_of: datetime.datetime) -> list[RunIn]:
    """The run-in runs with a diary answer (the first of each run-in slot's days)."""
    found: dict[int, RunIn] = {}
    for run in services.experiment_runs(experiment, as_of):
        slot = schedule.slot_on(local_day(run))
        if slot is None or slot.phase != "run_in" or run.pain is None or slot.index in found:
            continue
        onset = run.pain.onset_s
        found[slot.index] = RunIn(
            day=local_day(run),
            pain_free_min=(onset if onset is not None else run.context.duration_s) / 60.0,
            event=onset is not None,
            peak_pain=run.pain.peak,
        )
    return list(found.values())


def ended_at(experiment: Experiment) -> datetime.datetime | None:
    """When a finished or stopped experiment ended (None while active)."""
    if experiment.status == "finished":
        return experiment.finished_at
    if experiment.status == "stopped":
        return experiment.stopped_at
    return None


def results_context(experiment: Experiment, *, now: datetime.datetime) -> dict[str, Any]:
    """Everything the results page (and a report section) prints for ``experiment``."""
    ended = ended_at(experiment)
    as_of = ended if ended is not None and ended <= now else now
    done = services.conducted(experiment, as_of)
    result: Nof1Result = services.analyse(experiment, as_of, done=done)
    schedule = services.schedule_of(experiment)
    design = schedule.design
    today = timezone.localtime(as_of).date()
    diagram: SafeString = mark_safe(  # noqa: S308 - numbers and escaped labels only
        period_diagram_svg(
            schedule,
            done.observations,
            today=today if ended is None or ended > now else schedule.end,
            horizon_min=result.itt.primary.horizon_min,
            title=f"{design.name}: each run by arm and block",
            run_in=_run_in(experiment, schedule, as_of),
        )
    )
    adherence = list(done.adherence.values())
    sources: list[str] = list(METHOD_SOURCES)
    if experiment.template_id:
        with contextlib.suppress(InputError):
            sources += list(get_template(experiment.template_id).source)
    return {
        "experiment": experiment,
        "runner": experiment.runner,
        "design": design,
        "result": result,
        "verdict_class": VERDICT_CLASS.get(result.verdict.kind, "caution"),
        "sets": [
            ("Intention-to-treat: every run as randomised", _rows(result.itt)),
            (
                "Per-protocol: runs known not to follow their arm left out",
                _rows(result.per_protocol),
            ),
        ],
        "checks": result.itt.checks,
        "diagram": diagram,
        "done": done,
        "as_of": as_of,
        "allocation": [
            (i, "".join(order)) for i, order in enumerate(schedule.allocation.orders, start=1)
        ],
        "method": schedule.allocation.method,
        "n_adherent": sum(1 for a in adherence if a.status == "adherent"),
        "n_non_adherent": sum(1 for a in adherence if a.status == "non_adherent"),
        "n_unknown": sum(1 for a in adherence if a.status == "unknown"),
        "sources": sources,
    }
