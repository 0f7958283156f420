"""Time to pain onset as survival data: Kaplan-Meier curves, log-rank test, Cox model.

**Pain-free running time** of a run is the time from the start of its recording to the
pain's onset (an *event*), or to the end of the run when there was no pain (the run is
*right-censored*: pain-free for at least that long). Runs without a diary answer are
left out. Treating "no pain" as censored rather than as "pain at the end" or dropping it is
what makes the estimates unbiased when runs differ in length (Kaplan & Meier, JASA
1958;53:457; Clark et al., Br J Cancer 2003;89:232).

- **Kaplan-Meier** estimate of the probability of still being pain-free at each minute,
  with pointwise 95 % confidence intervals from Greenwood's variance on the log(-log)
  scale (lifelines' default). The **median pain-free time** is the first time the curve
  drops to 0.5 or below; its 95 % CI runs from the first time the *lower* band reaches
  0.5 to the first time the *upper* band does (Brookmeyer & Crowley, Biometrics
  1982;38:29; as R's ``survfit``). A median or bound the data never reach is
  **not reached** (``None`` in JSON): the runs were too often pain-free, or too short,
  to pin it down.
- **Log-rank test** of equal pain-onset hazards in two groups (Mantel 1966; Peto & Peto
  1972): a small p says the curves differ more than chance usually makes them.
- **Cox proportional-hazards model** (Cox, JRSS-B 1972;34:187) of onset on covariates:
  a hazard ratio (HR) above 1 means pain tends to start sooner per unit of the covariate.
  It is fitted only with at least :data:`EVENTS_PER_COVARIATE` pain events per covariate
  (Peduzzi et al., J Clin Epidemiol 1995;48:1503; Vittinghoff & McCulloch, Am J Epidemiol
  2007;165:710 found 5-9 often adequate, so 10 is the conservative convention).
  The proportional-hazards assumption is checked with the scaled-Schoenfeld-residual test
  against rank of time (Grambsch & Therneau, Biometrika 1994;81:515).

None of this is randomised: an association in one runner's diary may come from anything
that travels with the condition (pace, route, time of day). Self-experiments (n-of-1)
are how to test a cause.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.exceptions import ConvergenceError, ConvergenceWarning
from lifelines.statistics import logrank_test, proportional_hazard_test
from lifelines.utils import median_survival_times

from backstride.analysis.jsonable import to_jsonable
from backstride.model import FloatArray

EVENTS_PER_COVARIATE: Final = 10
"""Pain events needed per Cox covariate (Peduzzi et al. 1995)."""

PH_ALPHA: Final = 0.05
"""Schoenfeld-test p below which the proportional-hazards assumption is reported doubtful."""

UNSTABLE_LOG_HR: Final = 8.0
"""|log HR| above this (HR beyond ~3000 or below ~1/3000) means (quasi-)separation."""


@dataclass(frozen=True, slots=True)
class KMCurve:
    """A Kaplan-Meier curve of pain-free running time, in minutes.

    ``times_min[i]`` is where the step to ``survival[i]`` happens (starting at 0, 1.0);
    ``median_min`` and its CI bounds are None when not reached.
    """

    label: str
    n_runs: int
    n_events: int
    median_min: float | None
    median_ci_low_min: float | None
    median_ci_high_min: float | None
    times_min: tuple[float, ...]
    survival: tuple[float, ...]
    ci_low: tuple[float, ...]
    ci_high: tuple[float, ...]

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


@dataclass(frozen=True, slots=True)
class LogRank:
    statistic: float
    p_value: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two KM curves split by a yes/no ``condition`` and their log-rank test.

    ``logrank`` is None when a group is empty or no run had pain.
    """

    condition: str
    yes: KMCurve
    no: KMCurve
    logrank: LogRank | None
    n_runs_unknown: int = 0
    """Runs left out because the condition could not be known for them."""

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def _finite_or_none(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def kaplan_meier(durations_s: FloatArray, events: np.ndarray[Any, Any], label: str) -> KMCurve:
    """The KM curve of pain-free time; ``events`` True where pain started (not censored)."""
    durations_min = np.asarray(durations_s, dtype=np.float64) / 60.0
    observed = np.asarray(events, dtype=bool)
    if len(durations_min) == 0:
        return KMCurve(label, 0, 0, None, None, None, (0.0,), (1.0,), (1.0,), (1.0,))
    kmf = KaplanMeierFitter(label=label).fit(durations_min, observed)
    median = _finite_or_none(float(kmf.median_survival_time_))
    bounds = median_survival_times(kmf.confidence_interval_).to_numpy()[0]
    band = kmf.confidence_interval_.to_numpy()
    return KMCurve(
        label=label,
        n_runs=len(durations_min),
        n_events=int(observed.sum()),
        median_min=median,
        median_ci_low_min=_finite_or_none(float(bounds[0])),
        median_ci_high_min=_finite_or_none(float(bounds[1])),
        times_min=tuple(round(float(t), 4) for t in kmf.survival_function_.index),
        survival=tuple(round(float(s), 5) for s in kmf.survival_function_.iloc[:, 0]),
        ci_low=tuple(round(float(s), 5) for s in np.nan_to_num(band[:, 0], nan=1.0)),
        ci_high=tuple(round(float(s), 5) for s in np.nan_to_num(band[:, 1], nan=1.0)),
    )


def compare(
    durations_s: FloatArray,
    events: np.ndarray[Any, Any],
    condition: np.ndarray[Any, Any],
    *,
    name: str,
    yes_label: str,
    no_label: str,
    known: np.ndarray[Any, Any] | None = None,
) -> Comparison:
    """KM curves of the runs where ``condition`` holds vs not, with a log-rank test.

    ``known`` (default all True) marks runs whose condition is known; the rest are left out
    and counted in ``n_runs_unknown``.
    """
    durations = np.asarray(durations_s, dtype=np.float64)
    observed = np.asarray(events, dtype=bool)
    mask_known = np.ones(len(durations), bool) if known is None else np.asarray(known, bool)
    yes = mask_known & np.asarray(condition, dtype=bool)
    no = mask_known & ~np.asarray(condition, dtype=bool)
    test = None
    if yes.any() and no.any() and observed[yes | no].any():
        result = logrank_test(durations[yes], durations[no], observed[yes], observed[no])
        test = LogRank(float(result.test_statistic), float(result.p_value))
    return Comparison(
        condition=name,
        yes=kaplan_meier(durations[yes], observed[yes], yes_label),
        no=kaplan_meier(durations[no], observed[no], no_label),
        logrank=test,
        n_runs_unknown=int((~mask_known).sum()),
    )


@dataclass(frozen=True, slots=True)
class HazardRatio:
    """HR per ``per`` units of a covariate, its 95 % CI, Wald p and Schoenfeld-test p."""

    covariate: str
    per: str
    hr: float
    ci_low: float
    ci_high: float
    p_value: float
    ph_p_value: float | None


@dataclass(frozen=True, slots=True)
class CoxResult:
    """A fitted Cox model, or a refusal (``fitted`` False) that says what is missing.

    ``events_needed`` is the number of pain events the requested covariates need;
    ``more_runs_needed`` estimates how many more diary runs that takes at the runner's
    current rate of runs with pain (None when no run had pain yet).
    """

    fitted: bool
    message: str
    n_runs: int
    n_events: int
    covariates: tuple[str, ...]
    events_needed: int
    more_runs_needed: int | None = None
    hazard_ratios: tuple[HazardRatio, ...] = ()
    ph_ok: bool | None = None
    unstable: bool = False
    left_out: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def events_needed(n_covariates: int) -> int:
    return EVENTS_PER_COVARIATE * max(n_covariates, 1)


def more_runs_needed(n_runs: int, n_events: int, needed: int) -> int | None:
    """Diary runs still needed to reach ``needed`` events at the current event rate."""
    if n_events >= needed:
        return 0
    if n_events == 0 or n_runs == 0:
        return None
    return math.ceil((needed - n_events) * n_runs / n_events)


def cox_model(
    durations_s: FloatArray,
    events: np.ndarray[Any, Any],
    covariates: Mapping[str, FloatArray],
    *,
    per: Mapping[str, str] | None = None,
    left_out: Sequence[str] = (),
) -> CoxResult:
    """Fit a Cox model of pain onset, or refuse with fewer than 10 events per covariate.

    ``covariates`` maps names to arrays aligned with ``durations_s``, already scaled to the
    unit in ``per`` (e.g. warm-up in 5-minute units) and with no missing values.
    """
    names = tuple(covariates)
    durations = np.asarray(durations_s, dtype=np.float64) / 60.0
    observed = np.asarray(events, dtype=bool)
    n_runs, n_events = len(durations), int(observed.sum())
    needed = events_needed(len(names))
    if not names:
        return CoxResult(False, "no covariate to model", n_runs, n_events, names, needed)
    if n_events < needed:
        more = more_runs_needed(n_runs, n_events, needed)
        later = f"about {more} more runs in the diary" if more else "runs with pain recorded"
        return CoxResult(
            fitted=False,
            message=(
                f"not fitted: {len(names)} covariate(s) need at least {needed} runs with pain "
                f"({EVENTS_PER_COVARIATE} per covariate); the diary has {n_events} — {later}"
            ),
            n_runs=n_runs,
            n_events=n_events,
            covariates=names,
            events_needed=needed,
            more_runs_needed=more,
            left_out=tuple(left_out),
        )
    frame = pd.DataFrame({name: np.asarray(v, dtype=np.float64) for name, v in covariates.items()})
    frame["_duration_min"] = durations
    frame["_event"] = observed
    fitter = CoxPHFitter()
    unstable = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fitter.fit(frame, "_duration_min", "_event")
        except (ConvergenceError, np.linalg.LinAlgError):
            unstable = True
            try:
                fitter = CoxPHFitter(penalizer=0.1).fit(frame, "_duration_min", "_event")
            except (ConvergenceError, np.linalg.LinAlgError):
                return CoxResult(
                    fitted=False,
                    message=(
                        "the model could not be fitted to these runs: a covariate may never "
                        "vary, or two may always move together"
                    ),
                    n_runs=n_runs,
                    n_events=n_events,
                    covariates=names,
                    events_needed=needed,
                    left_out=tuple(left_out),
                )
    unstable = unstable or any(issubclass(w.category, ConvergenceWarning) for w in caught)
    summary = fitter.summary
    unstable = unstable or bool((summary["coef"].abs() > UNSTABLE_LOG_HR).any())
    ph = _ph_p_values(fitter, frame)
    ratios = tuple(
        HazardRatio(
            covariate=name,
            per=(per or {}).get(name, "unit"),
            hr=float(summary.loc[name, "exp(coef)"]),
            ci_low=float(summary.loc[name, "exp(coef) lower 95%"]),
            ci_high=float(summary.loc[name, "exp(coef) upper 95%"]),
            p_value=float(summary.loc[name, "p"]),
            ph_p_value=ph.get(name),
        )
        for name in names
    )
    ph_values = [p for p in ph.values() if p is not None]
    ph_ok = None if not ph_values else all(p >= PH_ALPHA for p in ph_values)
    notes = [f"fitted on {n_runs} runs with {n_events} pain onsets"]
    if unstable:
        notes.append(
            "estimates unstable: a covariate almost perfectly separates runs with and without "
            "pain, or two covariates move together, so the hazard ratios and intervals are not "
            "trustworthy"
        )
    if ph_ok is False:
        notes.append(
            "the proportional-hazards check failed for at least one covariate: its effect "
            "may change over the course of a run, so a single hazard ratio oversimplifies it"
        )
    return CoxResult(
        fitted=True,
        message="; ".join(notes),
        n_runs=n_runs,
        n_events=n_events,
        covariates=names,
        events_needed=needed,
        more_runs_needed=0,
        hazard_ratios=ratios,
        ph_ok=ph_ok,
        unstable=unstable,
        left_out=tuple(left_out),
    )


def _ph_p_values(fitter: CoxPHFitter, frame: pd.DataFrame) -> dict[str, float | None]:
    """Scaled-Schoenfeld test (rank of time) p per covariate; None where it fails."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = proportional_hazard_test(fitter, frame, time_transform="rank")
    except (ValueError, np.linalg.LinAlgError, ZeroDivisionError):
        return {}
    out: dict[str, float | None] = {}
    for name, p in result.summary["p"].items():
        value = float(p)
        out[str(name)] = value if math.isfinite(value) else None
    return out
