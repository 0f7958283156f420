"""A runner's stored data -> the core's :class:`~backstride.reason.case.Case`.

One code path for the explain page, ``backstride explain --user`` and (later) the report:
:func:`build_case` gathers the safety screens in force, the latest pain profile, the latest
result of each self-test, the run analysis (the same :func:`analyse_runner` the diary page
uses) and gait metrics from the latest analysed videos; :func:`explain_runner` ranks it. A stored
record the core rejects is left out and named in the case's notes rather than failing the page.
"""

from __future__ import annotations

import datetime
import statistics

from django.utils import timezone

from backstride.assess import selftests
from backstride.assess.pain_profile import PainProfile
from backstride.errors import InputError
from backstride.model import FOOT_SPORTS
from backstride.reason import Explanation, explain
from backstride.reason.case import (
    Case,
    ExperimentResult,
    LoadSpikeSummary,
    RedFlagSummary,
    RunComparison,
    RunSummary,
    SelfTestEntry,
)
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.assessments.models import SelfTestResult
from backstride_web.assessments.safety import has_completed_screen, plan_access, screens_in_force
from backstride_web.assessments.services import latest_pain_profile, norm_sex
from backstride_web.diary.analysis import CADENCE_RANGE_SPM, analyse_runner
from backstride_web.experiments.services import experiment_results
from backstride_web.gait.services import case_gait

RECENT_RUNS_DAYS = 90
_CONDITIONS = (("warm-up", "warm_up"), ("sitting", "sitting"), ("lifting", "lifting"))


def _red_flags(runner: User, now: datetime.datetime) -> RedFlagSummary:
    if not has_completed_screen(runner):
        return RedFlagSummary(screened=False)
    access = plan_access(runner, now=now)
    positives = sorted(
        {
            str(flag["id"])
            for screen in screens_in_force(runner)
            for flag in screen.positives
            if isinstance(flag, dict) and "id" in flag
        }
    )
    return RedFlagSummary(
        screened=True, tier=access.tier, positives=tuple(positives), cleared=access.cleared
    )


def _pain_profile(runner: User, notes: list[str]) -> PainProfile | None:
    entry = latest_pain_profile(runner)
    if entry is None:
        return None
    try:
        return PainProfile.from_mapping(entry.data)
    except InputError as error:
        notes.append(f"pain profile left out: {error}")
        return None


def _self_tests(
    runner: User, now: datetime.datetime, sex: str | None, notes: list[str]
) -> tuple[SelfTestEntry, ...]:
    latest: dict[str, SelfTestEntry] = {}
    for row in SelfTestResult.objects.filter(runner=runner, answered_at__lte=now):
        if row.test in latest:  # newest first (model ordering)
            continue
        try:
            checked = selftests.compare(row.test, row.values, sex=sex)
        except InputError as error:
            notes.append(f"{row.name} result left out: {error}")
            continue
        latest[row.test] = SelfTestEntry(test=row.test, values=dict(checked.values))
    return tuple(latest[test] for test in sorted(latest))


def _cadence_and_speed(runner: User, now: datetime.datetime) -> tuple[float | None, float | None]:
    since = now - datetime.timedelta(days=RECENT_RUNS_DAYS)
    rows = Activity.objects.filter(
        owner=runner, sport__in=FOOT_SPORTS, start_utc__gt=since, start_utc__lte=now
    ).values_list("avg_cadence_spm", "distance_m", "elapsed_s")
    low, high = CADENCE_RANGE_SPM
    pairs = [
        (cadence, distance / elapsed)
        for cadence, distance, elapsed in rows
        if cadence is not None and low <= cadence <= high and distance and elapsed
    ]
    if not pairs:
        return None, None
    return (
        float(statistics.median(c for c, _ in pairs)),
        float(statistics.median(s for _, s in pairs)),
    )


def _runs(runner: User, now: datetime.datetime, notes: list[str]) -> RunSummary | None:
    result = analyse_runner(runner, now=now)
    found = result.analysis
    if found.n_runs == 0:
        return None
    if result.skipped_records:
        notes.append(f"{result.skipped_records} diary answer(s) left out as inconsistent")
    comparisons = []
    for comparison in found.comparisons:
        condition = next(
            (c for prefix, c in _CONDITIONS if comparison.condition.startswith(prefix)), None
        )
        if condition is None:
            continue
        comparisons.append(
            RunComparison(
                condition=condition,
                yes_runs=comparison.yes.n_runs,
                no_runs=comparison.no.n_runs,
                yes_median_min=comparison.yes.median_min,
                no_median_min=comparison.no.median_min,
                p_value=None if comparison.logrank is None else comparison.logrank.p_value,
            )
        )
    spikes = tuple(
        LoadSpikeSummary(day=timezone.localtime(s.start_utc).date(), increase=s.increase)
        for s in found.load.spikes
    )
    cadence, speed = _cadence_and_speed(runner, now)
    return RunSummary(
        n_runs=found.n_runs,
        n_diary_runs=found.n_diary_runs,
        comparisons=tuple(sorted(comparisons, key=lambda c: c.condition)),
        spikes=tuple(sorted(spikes, key=lambda s: (s.day, s.increase))),
        cadence_spm=cadence,
        speed_m_s=speed,
    )


def _experiments(runner: User, now: datetime.datetime) -> tuple[ExperimentResult, ...]:
    """Finished self-experiments (the experiments app) feed the ``experiment_*`` signals."""
    return experiment_results(runner, now=now)


def build_case(runner: User, *, now: datetime.datetime) -> Case:
    """Everything the ranking reads about ``runner`` as of ``now``."""
    notes: list[str] = []
    red_flags = _red_flags(runner, now)
    sex = norm_sex(runner)
    return Case(
        as_of=now,
        red_flags=red_flags,
        label=str(runner),
        sex=sex,
        pain_profile=_pain_profile(runner, notes),
        self_tests=_self_tests(runner, now, sex, notes),
        runs=_runs(runner, now, notes) if red_flags.screened else None,
        gait=case_gait(runner, now=now),
        notes=tuple(notes),
        experiments=_experiments(runner, now) if red_flags.screened else (),
    )


def explain_runner(runner: User, *, now: datetime.datetime) -> tuple[Case, Explanation]:
    """The case of ``runner`` and its explanation (blocked when the safety screen says so)."""
    case = build_case(runner, now=now)
    return case, explain(case)
