"""Insight cards: what the diary shows, in plain words, with its numbers and uncertainty.

Rules every card follows (DESIGN.md §4):

- it gives the numbers behind it (medians with 95 % CIs, p-values, counts of runs);
- it claims no more than the data support: comparisons need at least
  :data:`MIN_RUNS_PER_GROUP` diary runs in each group and one pain onset; below
  :data:`SMALL_GROUP` runs in a group or :data:`SMALL_EVENTS` onsets it says the sample is
  small; a log-rank p of 0.05 or more is reported as "could be chance";
- associations are never called causes (runs were not randomised; a self-experiment can
  test a cause), and nothing is diagnosed: contributors "may" matter;
- rising morning pain and leg symptoms always produce a card asking the runner to see a
  clinician.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from backstride.analysis.checkins import MorningTrend
from backstride.analysis.load import LoadSummary
from backstride.analysis.survival import Comparison, CoxResult, KMCurve
from backstride.assess.instruments import run_outcome
from backstride.pain import LEG_LOCATIONS, DailyCheckin, RunRecord

MIN_RUNS_PER_GROUP: Final = 3
SMALL_GROUP: Final = 10
SMALL_EVENTS: Final = 10
RECENT_SPIKE_DAYS: Final = 14
LAST_RUN_DAYS: Final = 7
"""The pain-monitoring card looks at the latest diary run with a next-morning answer in
this many days before ``now``."""
SIGNIFICANCE: Final = 0.05

Number = float | int | str | None


@dataclass(frozen=True, slots=True)
class InsightCard:
    """One card. ``level`` is "info", "caution" or "see_clinician"."""

    key: str
    title: str
    text: str
    level: str = "info"
    small_sample: bool = False
    numbers: dict[str, Number] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


def minutes(value: float) -> str:
    """Minutes for a sentence: whole minutes, one decimal below 10 min."""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")


def p_text(p: float) -> str:
    """ "p < 0.001" or two significant figures ("p = 0.002", "p = 0.41")."""
    return "p < 0.001" if p < 0.001 else f"p = {float(f'{p:.2g}'):g}"


def median_text(curve: KMCurve) -> str:
    """ "34 min (95 % CI 22–not reached)"-style text for a curve's median."""
    median = "not reached" if curve.median_min is None else f"{minutes(curve.median_min)} min"
    low = "0" if curve.median_ci_low_min is None else minutes(curve.median_ci_low_min)
    high = "not reached" if curve.median_ci_high_min is None else minutes(curve.median_ci_high_min)
    if curve.median_ci_low_min is None and curve.median_min is None:
        low = "not reached"
    return f"{median} (95 % CI {low}–{high})"


def comparison_card(comp: Comparison) -> InsightCard | None:
    """A card for a yes/no split, or None when either group is too small to compare."""
    yes, no = comp.yes, comp.no
    if min(yes.n_runs, no.n_runs) < MIN_RUNS_PER_GROUP or comp.logrank is None:
        return None
    n = yes.n_runs + no.n_runs
    events = yes.n_events + no.n_events
    small = min(yes.n_runs, no.n_runs) < SMALL_GROUP or events < SMALL_EVENTS
    p = comp.logrank.p_value
    text = (
        f"{yes.label[:1].upper()}{yes.label[1:]}, your median pain-free running was "
        f"{median_text(yes)} vs {median_text(no)} {no.label} ({p_text(p)}, log-rank, "
        f"{n} runs)."
    )
    if p < SIGNIFICANCE:
        text += (
            " The difference is unlikely to be chance alone, but it is an association in your "
            "diary, not proof of cause: other things may differ between these runs. "
            "A self-experiment can test it."
        )
    else:
        text += " The difference could well be chance."
    if small:
        text += f" Small sample ({n} runs, {events} with pain): treat this as a hint."
    text += " Times count from the start of each run."
    return InsightCard(
        key=f"split:{comp.condition}",
        title=f"Pain-free running: {comp.condition}",
        text=text,
        small_sample=small,
        numbers={
            "median_yes_min": yes.median_min,
            "median_no_min": no.median_min,
            "p_value": p,
            "runs": n,
            "pain_onsets": events,
        },
        sources=("Kaplan & Meier 1958", "log-rank: Mantel 1966"),
    )


def cox_card(cox: CoxResult, labels: dict[str, str]) -> InsightCard:
    """What the Cox model says, or why it was not fitted and what it still needs."""
    sources = ("Cox 1972", "Peduzzi et al. 1995 (10 events per covariate)")
    if not cox.covariates:
        return InsightCard(
            key="cox",
            title="Which factors go with earlier pain",
            text=(
                "No factor (warm-up, sitting, lifting, pace, cadence, weekly distance) is "
                "recorded on enough of your diary runs, with enough variety, to model yet."
            ),
            small_sample=True,
            sources=sources,
        )
    if not cox.fitted:
        names = ", ".join(labels.get(c, c) for c in cox.covariates)
        return InsightCard(
            key="cox",
            title="Which factors go with earlier pain",
            text=(
                f"Not enough data yet to weigh {names} together: that needs "
                f"{cox.events_needed} runs with pain and the diary has {cox.n_events}"
                + (
                    f" (about {cox.more_runs_needed} more runs at your current rate)."
                    if cox.more_runs_needed
                    else "."
                )
            ),
            small_sample=True,
            numbers={"events": cox.n_events, "events_needed": cox.events_needed},
            sources=sources,
        )
    parts = []
    for hr in cox.hazard_ratios:
        label = labels.get(hr.covariate, hr.covariate)
        if not (math.isfinite(hr.ci_high) and 1e-3 < hr.hr < 1e3 and hr.ci_low > 0):
            parts.append(f"{label}: cannot be estimated reliably from these runs")
            continue
        ci = f"{hr.hr:.2f} (95 % CI {hr.ci_low:.2f}–{hr.ci_high:.2f})"
        if hr.ci_high < 1:
            meaning = "pain tended to start later"
        elif hr.ci_low > 1:
            meaning = "pain tended to start sooner"
        else:
            meaning = "no clear link either way"
        parts.append(f"{label} ({hr.per}): hazard ratio {ci}, {meaning}")
    message = cox.message[:1].upper() + cox.message[1:]
    text = "Taken together, " + "; ".join(parts) + f". {message}."
    if cox.left_out:
        waiting = ", ".join(labels.get(c, c) for c in cox.left_out)
        text += f" Left out until there is more data: {waiting}" + (
            f" (about {cox.more_runs_needed} more runs)." if cox.more_runs_needed else "."
        )
    small = cox.n_events < 2 * cox.events_needed
    if small:
        text += (
            f" Small sample ({cox.n_events} runs with pain): the intervals are wide for a reason."
        )
    return InsightCard(
        key="cox",
        title="Which factors go with earlier pain",
        text=text + " These are associations, not causes.",
        level="caution" if cox.unstable or cox.ph_ok is False else "info",
        small_sample=small,
        numbers={"events": cox.n_events, "runs": cox.n_runs},
        sources=sources,
    )


def load_card(load: LoadSummary, *, now: datetime) -> InsightCard | None:
    """A recent load spike, or the distance that keeps the next run under the spike line."""
    sources = ("Garmin-RUNSAFE, Nielsen et al., BJSM 2025",)
    recent = [s for s in load.spikes if now - s.start_utc <= timedelta(days=RECENT_SPIKE_DAYS)]
    if recent:
        spike = recent[-1]
        unit_value = (
            f"{spike.value / 1000:.1f} km vs {spike.longest_previous / 1000:.1f} km"
            if spike.basis == "distance_m"
            else f"{minutes(spike.value / 60)} min vs {minutes(spike.longest_previous / 60)} min"
        )
        return InsightCard(
            key="load_spike",
            title="Load spike",
            text=(
                f"Your run on {spike.start_utc.date().isoformat()} was {spike.increase:.0%} longer "
                f"than your longest in the 30 days before ({unit_value}). In a study of 5,205 "
                f"runners, runs {spike.band} longer than that came with about "
                f"{spike.reported_hrr:.2f} times the rate of overuse injuries (any injury, not "
                "back pain specifically). Build up in steps of 10 % or less."
            ),
            level="caution",
            numbers={"increase": spike.increase, "reported_hrr": spike.reported_hrr},
            sources=sources,
        )
    if load.next_run_limit_m is None:
        return None
    return InsightCard(
        key="next_run_limit",
        title="Next run",
        text=(
            f"Your longest run of the last 30 days was "
            f"{(load.longest_30d_distance_m or 0) / 1000:.1f} km; "
            f"keeping the next one at or under {load.next_run_limit_m / 1000:.1f} km avoids a "
            "load spike (more than 10 % longer), which a large study linked to more overuse "
            "injuries."
        ),
        numbers={"next_run_limit_m": load.next_run_limit_m},
        sources=sources,
    )


def safety_cards(
    morning: MorningTrend | None, runs: Sequence[RunRecord], *, now: datetime
) -> list[InsightCard]:
    """See-a-clinician prompts: rising morning pain, leg symptoms in the last 30 days."""
    cards = []
    if morning is not None and morning.rising:
        cards.append(
            InsightCard(
                key="morning_pain_rising",
                title="Morning pain is rising",
                text=(
                    f"Your morning pain averaged {morning.last7_mean:.1f}/10 this week vs "
                    f"{morning.prev7_mean:.1f}/10 the week before. Step back your running and "
                    "please see a physiotherapist or doctor if it keeps rising."
                ),
                level="see_clinician",
                numbers={"last7_mean": morning.last7_mean, "prev7_mean": morning.prev7_mean},
                sources=("pain-monitoring model: Silbernagel et al. 2007",),
            )
        )
    recent_leg = [
        r
        for r in runs
        if r.pain is not None
        and r.pain.location in LEG_LOCATIONS
        and now - timedelta(days=30) <= r.start_utc <= now
    ]
    if recent_leg:
        cards.append(
            InsightCard(
                key="leg_symptoms",
                title="Pain in the leg",
                text=(
                    f"You logged pain in the thigh or below the knee on {len(recent_leg)} run(s) "
                    "in the last 30 days. Pain spreading into the leg should be checked: please "
                    "answer the red-flag questions again and see a physiotherapist or doctor."
                ),
                level="see_clinician",
                numbers={"runs": len(recent_leg)},
                sources=("DESIGN.md §4 safety rules",),
            )
        )
    return cards


def data_card(n_runs: int, n_diary: int) -> InsightCard | None:
    """A nudge when too few runs have a diary answer for any comparison."""
    if n_diary >= 2 * MIN_RUNS_PER_GROUP:
        return None
    return InsightCard(
        key="more_data",
        title="Log more runs",
        text=(
            f"{n_diary} of your {n_runs} runs have a pain answer. Log when the pain started, "
            "or 'no pain', after each run: comparisons need at least "
            f"{MIN_RUNS_PER_GROUP} runs in each group."
        ),
        small_sample=True,
        numbers={"diary_runs": n_diary, "runs": n_runs},
    )


def last_run_card(
    runs: Sequence[RunRecord], checkins: Sequence[DailyCheckin], *, now: datetime
) -> InsightCard | None:
    """The pain-monitoring model applied to the latest run with a next-morning answer.

    Scored by the ``run_outcome`` instrument (zones progress / hold / step back); the usual
    morning pain is the median of the check-ins in the 14 days before the run, when there
    are at least 3, else the next-morning rule is not applied.
    """
    recent = [
        r
        for r in runs
        if r.pain is not None
        and r.pain.next_morning is not None
        and now - timedelta(days=LAST_RUN_DAYS) <= r.start_utc <= now
    ]
    if not recent:
        return None
    run = max(recent, key=lambda r: r.start_utc)
    pain = run.pain
    assert pain is not None
    day = run.start_utc.date()
    before = sorted(c.morning_pain for c in checkins if day - timedelta(days=14) <= c.day < day)
    baseline = before[len(before) // 2] if len(before) >= MIN_RUNS_PER_GROUP else None
    pain_free_min = (pain.onset_s if pain.onset_s is not None else run.context.duration_s) / 60
    score = run_outcome.score(
        {
            "pain_free_minutes": min(pain_free_min, 600.0),
            "peak_pain": pain.peak,
            "next_morning_pain": pain.next_morning,
            "baseline_morning_pain": baseline,
        }
    )
    usual = "" if baseline is None else f" (usual {baseline}/10)"
    return InsightCard(
        key="last_run",
        title="Your last run",
        text=(
            f"Run on {day.isoformat()}: peak pain {pain.peak}/10, next morning "
            f"{pain.next_morning}/10{usual}. {score.interpretation}"
        ),
        level="caution" if score.category == "step_back" else "info",
        numbers={
            "peak": pain.peak,
            "next_morning": pain.next_morning,
            "baseline_morning": baseline,
            "category": score.category,
        },
        sources=(score.source,),
    )
