"""One call for the whole pain analysis: what ``backstride analyze --json`` prints and the
web pages show.

:func:`analyse` takes the runs (each with its context and diary answer) and the daily
check-ins, and returns an :class:`Analysis`: Kaplan-Meier comparisons for each split,
a Cox model, training load, the morning-pain trend, pain-free minutes per run and the
insight cards. It is "as of ``now``": runs that start after ``now`` and check-ins dated
after ``now``'s date (in ``now``'s own time zone: pass the runner's) are left out, so the
same data and ``now`` always give the same answer.

Cox covariates are tried in this pre-specified order (never chosen by their results):
warm-up, sitting that day, lifting in the previous 48 h, first-10-minute pace, cadence,
weekly distance. A covariate known for fewer than :data:`MIN_KNOWN_SHARE` of the diary
runs, or that never varies, is left out; the model then uses as many of the rest, in
order, as there are 10 pain onsets for (Peduzzi et al. 1995), and says how many more runs
the others need.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import numpy as np

from backstride.analysis import insights
from backstride.analysis.checkins import MorningTrend, morning_trend
from backstride.analysis.jsonable import to_jsonable
from backstride.analysis.load import LoadSummary, load_summary, trailing_week_distance_m
from backstride.analysis.survival import (
    Comparison,
    CoxResult,
    compare,
    cox_model,
    events_needed,
    more_runs_needed,
)
from backstride.errors import InputError
from backstride.model import FloatArray
from backstride.pain import DailyCheckin, RunRecord

MIN_KNOWN_SHARE: Final = 0.8
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
NOTICE: Final = (
    "backstride does not diagnose. These figures describe your own diary; they may point to "
    "contributors worth testing. See a physiotherapist or doctor if pain is rising, spreads "
    "into a leg, or comes with any red-flag symptom."
)


@dataclass(frozen=True, slots=True)
class Split:
    """A yes/no condition on a run; ``test`` returns None when it cannot be known."""

    name: str
    yes_label: str
    no_label: str
    test: Callable[[RunRecord], bool | None]


def warmup_split(minutes: float = 10.0) -> Split:
    """Warm-up of at least ``minutes`` vs shorter (unknown when the warm-up is unknown)."""

    def test(run: RunRecord) -> bool | None:
        warmup = run.context.warmup_s
        return None if warmup is None else warmup >= minutes * 60

    return Split(
        name=f"warm-up {minutes:g}+ min",
        yes_label=f"with a warm-up of {minutes:g}+ min",
        no_label="with a shorter warm-up",
        test=test,
    )


def sitting_split(hours: float = 8.0) -> Split:
    def test(run: RunRecord) -> bool | None:
        sat = run.context.sitting_h_day
        return None if sat is None else sat >= hours

    return Split(
        name=f"sitting {hours:g}+ h that day",
        yes_label=f"on days with {hours:g}+ h of sitting",
        no_label="on days with less",
        test=test,
    )


def lifting_split() -> Split:
    return Split(
        name="lifting in the previous 48 h",
        yes_label="after heavy lifting in the previous 48 h",
        no_label="without",
        test=lambda run: run.context.lifting_48h,
    )


DEFAULT_SPLITS: Final = (warmup_split(), sitting_split(), lifting_split())


@dataclass(frozen=True, slots=True)
class Covariate:
    name: str
    label: str
    per: str
    value: Callable[[RunRecord, float], float | None]
    """(run, derived weekly distance in m) -> value in ``per`` units, or None."""


def _scaled(value: float | None, unit: float) -> float | None:
    return None if value is None else value / unit


COVARIATES: Final = (
    Covariate("warmup", "warm-up", "per 5 min", lambda r, _: _scaled(r.context.warmup_s, 300)),
    Covariate("sitting", "sitting that day", "per hour", lambda r, _: r.context.sitting_h_day),
    Covariate(
        "lifting",
        "lifting in the previous 48 h",
        "yes vs no",
        lambda r, _: None if r.context.lifting_48h is None else float(r.context.lifting_48h),
    ),
    Covariate(
        "pace",
        "pace in the first 10 min",
        "per 30 s/km slower",
        lambda r, _: _scaled(r.context.first10_pace_s_per_km, 30),
    ),
    Covariate(
        "cadence", "cadence", "per 10 steps/min", lambda r, _: _scaled(r.context.cadence_spm, 10)
    ),
    Covariate(
        "weekly_distance",
        "distance in the previous 7 days",
        "per 10 km",
        lambda r, derived: (r.context.weekly_distance_m or derived) / 10_000,
    ),
)
COVARIATE_LABELS: Final = {c.name: c.label for c in COVARIATES}


@dataclass(frozen=True, slots=True)
class PainFreeRun:
    """A point of the pain-free-minutes-over-time chart; ``pain`` False = censored."""

    run_id: str
    start_utc: datetime
    pain_free_min: float
    pain: bool
    peak: int


@dataclass(frozen=True, slots=True)
class Analysis:
    now: datetime
    n_runs: int
    n_diary_runs: int
    n_pain_runs: int
    comparisons: tuple[Comparison, ...]
    cox: CoxResult
    load: LoadSummary
    morning: MorningTrend
    pain_free_runs: tuple[PainFreeRun, ...]
    insights: tuple[insights.InsightCard, ...]
    notice: str = NOTICE

    def as_json(self) -> dict[str, Any]:
        """A dict of JSON values (``json.dumps`` it); not-reached medians are ``null``."""
        return dict(to_jsonable(self))


def _complete(usable: dict[str, FloatArray], names: Sequence[str], n: int) -> BoolArray:
    complete = np.ones(n, dtype=bool)
    for name in names:
        complete &= np.isfinite(usable[name])
    return complete


def cox_for_runs(diary: Sequence[RunRecord], weekly_m: Mapping[str, float]) -> CoxResult:
    """The Cox model of the diary runs with the covariates the data support (module doc).

    ``weekly_m`` maps run ids to the distance of the 7 days before (see
    :func:`~backstride.analysis.load.trailing_week_distance_m`).
    """
    n = len(diary)
    durations = np.array([_pain_free_s(r) for r in diary], dtype=np.float64)
    events = np.array([r.pain is not None and r.pain.had_pain for r in diary], dtype=bool)
    usable: dict[str, FloatArray] = {}
    for cov in COVARIATES:
        values = np.array(
            [
                np.nan if (v := cov.value(r, weekly_m.get(r.run_id, 0.0))) is None else v
                for r in diary
            ],
            dtype=np.float64,
        )
        if n and np.isfinite(values).mean() >= MIN_KNOWN_SHARE and np.nanstd(values) > 0:
            usable[cov.name] = values
    names = list(usable)
    unknown = [c.label for c in COVARIATES if c.name not in usable]
    k = 1
    for size in range(len(names), 0, -1):
        complete = _complete(usable, names[:size], n)
        if int(events[complete].sum()) >= events_needed(size):
            k = size
            break
    chosen, rest = names[:k], names[k:]
    complete = _complete(usable, chosen, n)
    result = cox_model(
        durations[complete],
        events[complete],
        {name: usable[name][complete] for name in chosen},
        per={c.name: c.per for c in COVARIATES},
        left_out=rest,
    )
    if unknown:
        result = dataclasses.replace(
            result,
            message=f"{result.message}; not modelled, as recorded on under "
            f"{MIN_KNOWN_SHARE:.0%} of runs or never varying: {', '.join(unknown)}",
        )
    if rest and result.fitted:
        everything = _complete(usable, names, n)
        needed = events_needed(len(names))
        return dataclasses.replace(
            result,
            events_needed=needed,
            more_runs_needed=more_runs_needed(
                int(everything.sum()), int(events[everything].sum()), needed
            ),
        )
    return result


def _pain_free_s(run: RunRecord) -> float:
    pain = run.pain
    if pain is not None and pain.onset_s is not None:
        return pain.onset_s
    return run.context.duration_s


def analyse(
    runs: Sequence[RunRecord],
    checkins: Sequence[DailyCheckin],
    *,
    now: datetime,
    splits: Sequence[Split] = DEFAULT_SPLITS,
) -> Analysis:
    """The whole analysis as of ``now`` (timezone-aware); see the module docstring."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    seen: set[str] = set()
    for run in runs:
        if run.run_id in seen:
            raise InputError(f"run {run.run_id!r} appears twice", source="run_id")
        seen.add(run.run_id)
    past = sorted((r for r in runs if r.start_utc <= now), key=lambda r: r.start_utc)
    diary = [r for r in past if r.pain is not None]
    weekly = trailing_week_distance_m(past)
    durations = np.array([_pain_free_s(r) for r in diary], dtype=np.float64)
    events = np.array([r.pain is not None and r.pain.had_pain for r in diary], dtype=bool)
    comparisons = []
    for split in splits:
        answers = [split.test(r) for r in diary]
        known = np.array([a is not None for a in answers], dtype=bool)
        if not known.any():
            continue
        comparisons.append(
            compare(
                durations,
                events,
                np.array([bool(a) for a in answers], dtype=bool),
                name=split.name,
                yes_label=split.yes_label,
                no_label=split.no_label,
                known=known,
            )
        )
    cox = cox_for_runs(diary, weekly)
    load = load_summary(past, now=now)
    today = now.date()
    morning = morning_trend([c for c in checkins if c.day <= today], today=today)
    cards: list[insights.InsightCard] = []
    cards.extend(insights.safety_cards(morning, past, now=now))
    if (last := insights.last_run_card(past, checkins, now=now)) is not None:
        cards.append(last)
    cards.extend(c for comp in comparisons if (c := insights.comparison_card(comp)) is not None)
    if diary:
        cards.append(insights.cox_card(cox, COVARIATE_LABELS))
    if (load_card := insights.load_card(load, now=now)) is not None:
        cards.append(load_card)
    if (nudge := insights.data_card(len(past), len(diary))) is not None:
        cards.append(nudge)
    return Analysis(
        now=now,
        n_runs=len(past),
        n_diary_runs=len(diary),
        n_pain_runs=int(events.sum()),
        comparisons=tuple(comparisons),
        cox=cox,
        load=load,
        morning=morning,
        pain_free_runs=tuple(
            PainFreeRun(r.run_id, r.start_utc, float(d) / 60, bool(e), r.pain.peak if r.pain else 0)
            for r, d, e in zip(diary, durations, events, strict=True)
        ),
        insights=tuple(cards),
    )
