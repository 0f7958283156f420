"""Analysis of a self-experiment (n-of-1 trial with block-pair randomisation).

Definitions:

- Each :class:`Observation` is one run, labelled with its block, its arm (A or B) and
  whether its arm came first or second in the block. **Pain-free time** is the minutes
  to pain onset, or the run's length when there was no pain (right-censored).
- **Restricted pain-free time** up to a horizon *tau* is ``min(pain-free time, tau)``; its
  mean is the restricted mean survival time (RMST; Royston & Parmar, BMC Med Res Methodol
  2013;13:152). *tau* defaults to the shortest pain-free run (capped by ``horizon_min``), so
  every run's restricted time is known exactly: a run with pain before *tau* gives its onset,
  any other gives *tau*. No censored value is ever guessed.
- A **block difference** is the mean of arm A's runs minus the mean of arm B's runs within a
  block; only blocks with both arms count (complete blocks). The **effect** is the mean of the
  block differences (positive favours A for pain-free minutes; negative favours A for pain).
- **Randomisation test** (Edgington & Onghena, *Randomization Tests* 2007; Senn, PLoS One
  2016;11:e0167167): under "the arm makes no difference to any run", swapping the arms within
  any block only flips the sign of its difference. The two-sided p is the share of the 2^n
  sign patterns whose |mean| is at least the observed one: exact up to :data:`EXACT_MAX_BLOCKS`
  blocks, Monte Carlo (seeded) beyond. It never exceeds its nominal level.
- **P(A better)** and the 95 % interval come from the Bayesian normal model of the block
  differences with the reference prior p(mu, sigma^2) ~ 1/sigma^2, whose posterior for the
  mean is Student-t with n-1 degrees of freedom (Gelman et al., *Bayesian Data Analysis* 3rd
  ed. §3.2); numerically the paired t analysis, which suits n-of-1 designs with a few cycles
  (Chen & Chen, PLoS One 2014;9:e87752).
- **Checks**: the *order* check compares block differences of AB blocks with BA blocks (a
  gap means a period effect or carry-over; Senn, *Cross-over Trials in Clinical Research*
  2002, ch. 3); the *trend* checks regress block differences, and block means, on block
  number (a drifting effect; pain changing over time in both arms).
- **Intention-to-treat** (ITT) analyses every run as randomised; **per-protocol** leaves out
  runs known not to follow their arm.

The verdict is pre-set (BMC Fam Pract 2006;7:54: decision rules fixed in advance): an arm is
called better when the randomisation test gives p <= ``alpha``; "no important difference"
when at least :func:`min_blocks_for` blocks are in and the whole 95 % interval lies within
the minimal important difference; otherwise "not enough evidence yet", with the number of
further blocks that would settle it if the spread stays as observed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Final, Literal

import numpy as np
from scipy import stats

from backstride.analysis.jsonable import to_jsonable

__all__ = [
    "Checks",
    "Effect",
    "Nof1Result",
    "Observation",
    "SetResult",
    "Verdict",
    "analyse",
    "block_differences",
    "min_blocks_for",
    "randomisation_p",
]

EXACT_MAX_BLOCKS: Final = 16
MAX_MORE_BLOCKS: Final = 60
CHECK_ALPHA: Final = 0.10
"""Order and trend checks flag at p < 0.10: they have little power with a few blocks."""
MID: Final = {"pain_free_min": 2.0, "peak_pain": 1.0, "next_morning_pain": 1.0}
"""Minimal important difference per outcome (minutes; NRS points: about 1 point is the
smallest change patients notice, Salaffi et al., Eur J Pain 2004;8:283)."""

Outcome = Literal["pain_free_min", "peak_pain", "next_morning_pain"]


@dataclass(frozen=True, slots=True)
class Observation:
    """One run of the experiment (see the module docstring for the outcome definitions)."""

    block: int
    arm: Literal["A", "B"]
    position: int
    day: date
    pain_free_min: float
    event: bool
    peak_pain: int
    next_morning_pain: int | None = None
    adherent: bool | None = None


@dataclass(frozen=True, slots=True)
class Effect:
    """One outcome's comparison; ``difference`` is mean A minus mean B over complete blocks."""

    outcome: str
    higher_is_better: bool
    n_blocks: int
    mean_a: float | None
    mean_b: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    p_a_better: float | None
    p_value: float | None
    p_exact: bool
    horizon_min: float | None = None


@dataclass(frozen=True, slots=True)
class Checks:
    """Order (period/carry-over) and trend checks on the primary outcome; None when unknown."""

    order_gap: float | None
    order_p: float | None
    effect_trend_per_block: float | None
    effect_trend_p: float | None
    outcome_trend_per_block: float | None
    outcome_trend_p: float | None
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetResult:
    """The analysis of one analysis set (``"itt"`` or ``"per_protocol"``)."""

    name: str
    n_runs: int
    effects: tuple[Effect, ...]
    checks: Checks

    @property
    def primary(self) -> Effect:
        return self.effects[0]


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: Literal["a_better", "b_better", "no_important_difference", "not_enough_evidence"]
    text: str
    more_blocks: int | None


@dataclass(frozen=True, slots=True)
class Nof1Result:
    as_of: datetime
    label_a: str
    label_b: str
    alpha: float
    itt: SetResult
    per_protocol: SetResult
    verdict: Verdict
    notes: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def min_blocks_for(alpha: float) -> int:
    """Fewest blocks with which the two-sided randomisation test can reach p <= ``alpha``."""
    return max(1, math.ceil(math.log2(2.0 / alpha)))


def _value(obs: Observation, outcome: str, horizon: float | None) -> float | None:
    if outcome == "pain_free_min":
        assert horizon is not None
        return min(obs.pain_free_min, horizon)
    if outcome == "peak_pain":
        return float(obs.peak_pain)
    return None if obs.next_morning_pain is None else float(obs.next_morning_pain)


def _horizon(observations: Sequence[Observation], horizon_min: float | None) -> float | None:
    censored = [o.pain_free_min for o in observations if not o.event]
    candidates = [*censored, *([] if horizon_min is None else [horizon_min])]
    if candidates:
        return min(candidates)
    return max((o.pain_free_min for o in observations), default=None)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def block_differences(
    observations: Sequence[Observation], outcome: str, horizon: float | None = None
) -> tuple[list[int], np.ndarray[Any, np.dtype[np.float64]], list[tuple[float, float]]]:
    """Complete blocks, their A-minus-B differences and their (mean A, mean B)."""
    sums: dict[tuple[int, str], list[float]] = {}
    for obs in observations:
        value = _value(obs, outcome, horizon)
        if value is not None:
            sums.setdefault((obs.block, obs.arm), []).append(value)
    blocks = sorted({b for b, _ in sums if (b, "A") in sums and (b, "B") in sums})
    means = [(_mean(sums[(b, "A")]), _mean(sums[(b, "B")])) for b in blocks]
    return blocks, np.array([a - b for a, b in means], dtype=np.float64), means


def randomisation_p(
    differences: np.ndarray[Any, np.dtype[np.float64]], *, permutations: int = 20_000, seed: int = 0
) -> tuple[float, bool]:
    """Two-sided randomisation p of the mean block difference, and whether it is exact."""
    n = len(differences)
    observed = abs(float(differences.mean()))
    tolerance = 1e-9 * max(1.0, float(np.abs(differences).max()))
    if n <= EXACT_MAX_BLOCKS:
        codes = np.arange(2**n, dtype=np.int64)[:, None] >> np.arange(n, dtype=np.int64)
        signs = 1.0 - 2.0 * (codes & 1)
        exact = True
    else:
        signs = np.random.default_rng(seed).choice([-1.0, 1.0], size=(permutations, n))
        exact = False
    extreme = int(np.count_nonzero(np.abs(signs @ differences) / n >= observed - tolerance))
    return (extreme / len(signs), True) if exact else ((extreme + 1) / (len(signs) + 1), False)


def _posterior(
    diffs: np.ndarray[Any, np.dtype[np.float64]], higher_is_better: bool
) -> tuple[float | None, float | None, float | None]:
    n = len(diffs)
    if n < 2:
        return None, None, None
    mean, sd = float(diffs.mean()), float(diffs.std(ddof=1))
    if sd == 0.0:
        favour = 0.5 if mean == 0 else float((mean > 0) == higher_is_better)
        return mean, mean, favour
    scale = sd / math.sqrt(n)
    half = float(stats.t.ppf(0.975, n - 1)) * scale
    p_up = float(stats.t.cdf(mean / scale, n - 1))
    return mean - half, mean + half, p_up if higher_is_better else 1.0 - p_up


def _effect(
    observations: Sequence[Observation], outcome: str, horizon: float | None, seed: int
) -> Effect:
    blocks, diffs, means = block_differences(observations, outcome, horizon)
    higher = outcome == "pain_free_min"
    low, high, p_better = _posterior(diffs, higher)
    p_value, exact = randomisation_p(diffs, seed=seed) if len(diffs) else (None, False)
    return Effect(
        outcome=outcome,
        higher_is_better=higher,
        n_blocks=len(blocks),
        mean_a=_mean([m[0] for m in means]) if means else None,
        mean_b=_mean([m[1] for m in means]) if means else None,
        difference=float(diffs.mean()) if len(diffs) else None,
        ci_low=low,
        ci_high=high,
        p_a_better=p_better,
        p_value=p_value,
        p_exact=exact,
        horizon_min=horizon if outcome == "pain_free_min" else None,
    )


def _slope(y: Sequence[float]) -> tuple[float | None, float | None]:
    """Least-squares slope of ``y`` on 1..n and its two-sided p (None below 3 points)."""
    n = len(y)
    if n < 3:
        return None, None
    x = np.arange(1, n + 1, dtype=np.float64)
    yy = np.asarray(y, dtype=np.float64)
    sxx = float(((x - x.mean()) ** 2).sum())
    slope = float(((x - x.mean()) * (yy - yy.mean())).sum() / sxx)
    resid = yy - yy.mean() - slope * (x - x.mean())
    s2 = float((resid**2).sum()) / (n - 2)
    if s2 == 0.0:
        return slope, None
    t = slope / math.sqrt(s2 / sxx)
    return slope, float(2 * stats.t.sf(abs(t), n - 2))


def _checks(observations: Sequence[Observation], horizon: float | None) -> Checks:
    blocks, diffs, means = block_differences(observations, "pain_free_min", horizon)
    first = {o.block: o.arm for o in observations if o.position == 1}
    ab = [float(d) for b, d in zip(blocks, diffs, strict=True) if first.get(b) == "A"]
    ba = [float(d) for b, d in zip(blocks, diffs, strict=True) if first.get(b) == "B"]
    gap = p_order = None
    notes: list[str] = []
    if ab and ba:
        gap = float(np.mean(ab) - np.mean(ba))
        if len(ab) >= 2 and len(ba) >= 2:
            va, vb = np.var(ab, ddof=1) / len(ab), np.var(ba, ddof=1) / len(ba)
            if va + vb > 0:
                df = (va + vb) ** 2 / (va**2 / (len(ab) - 1) + vb**2 / (len(ba) - 1))
                p_order = float(2 * stats.t.sf(abs(gap) / math.sqrt(va + vb), df))
    if p_order is not None and p_order < CHECK_ALPHA:
        notes.append(
            "The order within a block seemed to matter (a period effect or carry-over from "
            "the previous arm); a longer gap between arms would help."
        )
    trend, p_trend = _slope([float(d) for d in diffs])
    level, p_level = _slope([(a + b) / 2 for a, b in means])
    if p_trend is not None and p_trend < CHECK_ALPHA:
        notes.append("The difference between the arms changed over the blocks.")
    if p_level is not None and p_level < CHECK_ALPHA:
        direction = "rose" if (level or 0) > 0 else "fell"
        notes.append(
            f"Pain-free minutes {direction} over the experiment in both arms; the block design "
            "keeps this drift out of the comparison."
        )
    return Checks(gap, p_order, trend, p_trend, level, p_level, tuple(notes))


def _analyse_set(
    name: str,
    observations: Sequence[Observation],
    outcomes: Sequence[str],
    horizon_min: float | None,
    seed: int,
) -> SetResult:
    horizon = _horizon(observations, horizon_min)
    effects = tuple(_effect(observations, o, horizon, seed) for o in outcomes)
    return SetResult(name, len(observations), effects, _checks(observations, horizon))


def _blocks_to_settle(effect: Effect, alpha: float) -> int | None:
    """Blocks in all that would settle the question if the mean and spread stay as seen:
    the interval excludes 0 (a difference), or fits within the MID (no important one)."""
    if effect.difference is None or effect.ci_low is None or effect.ci_high is None:
        return None
    n0 = effect.n_blocks
    sd = (effect.ci_high - effect.ci_low) / 2 / float(stats.t.ppf(0.975, n0 - 1)) * math.sqrt(n0)
    diff, mid = abs(effect.difference), MID[effect.outcome]
    ns = np.arange(max(n0, min_blocks_for(alpha)), n0 + MAX_MORE_BLOCKS + 1)
    half = stats.t.ppf(0.975, ns - 1) * sd / np.sqrt(ns)
    settled = half < diff if diff >= mid else half + diff < mid
    return int(ns[np.argmax(settled)]) if settled.any() else None


def _fmt(value: float | None, unit: str) -> str:
    return "?" if value is None else f"{value:+.1f}{unit}"


def _share(p: float) -> str:
    """A probability as a percentage that never claims certainty."""
    if p > 0.99:
        return "over 99 %"
    if p < 0.01:
        return "under 1 %"
    return f"{p:.0%}"


def _verdict(effect: Effect, label_a: str, label_b: str, alpha: float) -> Verdict:
    unit = " min" if effect.outcome == "pain_free_min" else " points"
    what = "of pain-free time" if effect.outcome == "pain_free_min" else "of pain (0-10)"
    mid = MID[effect.outcome]
    interval = f"95 % interval {_fmt(effect.ci_low, unit)} to {_fmt(effect.ci_high, unit)}"
    so_far = (
        f"So far, {label_a} minus {label_b}: {_fmt(effect.difference, unit)} {what} over "
        f"{effect.n_blocks} complete blocks ({interval}"
        + (
            ""
            if effect.p_a_better is None
            else f"; chance {label_a} is better {_share(effect.p_a_better)}"
        )
        + ")."
    )
    if effect.p_value is not None and effect.p_value <= alpha and effect.difference:
        a_wins = (effect.difference > 0) == effect.higher_is_better
        winner, loser = (label_a, label_b) if a_wins else (label_b, label_a)
        text = (
            f"{winner} looks better than {loser} for you. {so_far} A difference this large "
            f"would arise by chance alone in {effect.p_value:.1%} of randomisations."
        )
        return Verdict("a_better" if a_wins else "b_better", text, None)
    enough = effect.n_blocks >= min_blocks_for(alpha)
    low, high = effect.ci_low, effect.ci_high
    if enough and low is not None and high is not None and -mid < low and high < mid:
        text = (
            f"No important difference between {label_a} and {label_b}: the whole 95 % "
            f"interval lies within ±{mid:g}{unit}. {so_far}"
        )
        return Verdict("no_important_difference", text, None)
    total = _blocks_to_settle(effect, alpha)
    more = None if total is None else max(1, total - effect.n_blocks)
    if more is None:
        need = (
            f"at least {max(2, min_blocks_for(alpha)) - effect.n_blocks} more blocks are needed"
            if effect.n_blocks < 2
            else f"even {MAX_MORE_BLOCKS} more blocks might not settle it: the difference is "
            "small next to the run-to-run spread"
        )
        text = f"Not enough evidence yet — {need}. {so_far}"
    else:
        text = f"Not enough evidence yet — about {more} more blocks would settle it. {so_far}"
    return Verdict("not_enough_evidence", text, more)


def analyse(
    observations: Sequence[Observation],
    *,
    now: datetime,
    label_a: str = "A",
    label_b: str = "B",
    outcomes: Sequence[str] = ("pain_free_min", "peak_pain", "next_morning_pain"),
    alpha: float = 0.05,
    horizon_min: float | None = None,
    seed: int = 0,
    stop_reason: str | None = None,
) -> Nof1Result:
    """Analyse the runs dated up to ``now`` (ITT and per-protocol); the first outcome is primary.

    ``horizon_min`` caps the RMST horizon; ``seed`` drives the Monte Carlo randomisation test
    beyond :data:`EXACT_MAX_BLOCKS` blocks; ``stop_reason`` (a safety stop) opens the verdict.
    """
    if not 0 < alpha < 1:
        raise ValueError("alpha must be between 0 and 1")
    if not outcomes or any(o not in MID for o in outcomes):
        raise ValueError(f"outcomes must be some of {', '.join(MID)}")
    seen = [o for o in observations if o.day <= now.date()]
    protocol = [o for o in seen if o.adherent is not False]
    itt = _analyse_set("itt", seen, outcomes, horizon_min, seed)
    pp = _analyse_set("per_protocol", protocol, outcomes, horizon_min, seed)
    verdict = _verdict(itt.primary, label_a, label_b, alpha)
    notes = list(itt.checks.notes)
    pp_kind = _verdict(pp.primary, label_a, label_b, alpha).kind
    if len(protocol) < len(seen):
        notes.append(
            f"{len(seen) - len(protocol)} runs did not follow their arm; counting only the "
            f"runs that did, the verdict is {pp_kind.replace('_', ' ')}."
        )
    horizon = itt.primary.horizon_min
    if horizon is not None and itt.primary.outcome == "pain_free_min":
        notes.append(
            f"Pain-free time is compared up to {horizon:.0f} min, the shortest pain-free run."
        )
    notes.append(
        "This tells you which arm went better for you under these conditions; it does not say "
        "why, it is not a diagnosis, and it may not hold for other runs or other people."
    )
    if stop_reason:
        verdict = replace(verdict, text=f"Stopped early: {stop_reason} {verdict.text}")
    return Nof1Result(now, label_a, label_b, alpha, itt, pp, verdict, tuple(notes))
