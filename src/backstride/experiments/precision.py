"""How many blocks an experiment needs, from the runner's own run-to-run variability.

If past runs' pain-free minutes vary with standard deviation *s*, the A-minus-B difference
of one block varies with about *s*·√2 (two independent runs; blocking usually makes it
smaller, so this errs on the side of more blocks). With *n* blocks:

- the 95 % interval of the effect is about ± t(0.975, n-1)·s·√2/√n wide (the half-width);
- the power to detect a true effect *delta* with the two-sided paired t test at ``alpha``
  is P(|T| > t(1-alpha/2, n-1)) for T noncentral t with n-1 degrees of freedom and
  noncentrality delta·√n/(s·√2) (Cohen, *Statistical Power Analysis* 1988, ch. 2; the
  randomisation test of :mod:`backstride.analysis.nof1` has close to this power).

The default smallest effect worth finding is 5 pain-free minutes: the reference runner's
pain starts about 5 minutes in (DESIGN.md §1), so a change that doubles that is worth knowing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from scipy import stats

from backstride.analysis.jsonable import to_jsonable
from backstride.analysis.nof1 import min_blocks_for
from backstride.errors import InputError

__all__ = ["PrecisionHint", "blocks_for_power", "precision_hint"]

MIN_PAST_RUNS: Final = 3
MAX_HINT_BLOCKS: Final = 200


@dataclass(frozen=True, slots=True)
class PrecisionHint:
    """The expected precision of an experiment with ``n_blocks`` and a plain-words hint."""

    n_past_runs: int
    sd_min: float | None
    n_blocks: int
    half_width_min: float | None
    smallest_effect_min: float
    blocks_for_effect: int | None
    text: str

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def _power(n: int, delta: float, sd_diff: float, alpha: float) -> float:
    if sd_diff == 0.0:
        return 1.0
    critical = float(stats.t.ppf(1 - alpha / 2, n - 1))
    nc = delta * math.sqrt(n) / sd_diff
    dist = stats.nct(n - 1, nc)
    return float(dist.sf(critical) + dist.cdf(-critical))


def blocks_for_power(
    sd_diff: float, delta: float, *, power: float = 0.8, alpha: float = 0.05
) -> int | None:
    """Fewest blocks (at least :func:`min_blocks_for`) giving ``power`` to detect ``delta``
    when block differences have SD ``sd_diff``; None beyond :data:`MAX_HINT_BLOCKS`."""
    for n in range(max(2, min_blocks_for(alpha)), MAX_HINT_BLOCKS + 1):
        if _power(n, delta, sd_diff, alpha) >= power:
            return n
    return None


def precision_hint(
    past_pain_free_min: Sequence[float],
    *,
    n_blocks: int = 6,
    smallest_effect_min: float = 5.0,
    power: float = 0.8,
    alpha: float = 0.05,
) -> PrecisionHint:
    """A precision hint from past runs' pain-free minutes (onset, or run length if no pain)."""
    if n_blocks < 1:
        raise InputError("an experiment needs at least one block", source="n_blocks")
    if not smallest_effect_min > 0:
        raise InputError("must be more than 0 minutes", source="smallest_effect_min")
    values = np.asarray([v for v in past_pain_free_min if math.isfinite(v)], dtype=np.float64)
    if len(values) < MIN_PAST_RUNS:
        text = (
            f"Log at least {MIN_PAST_RUNS} runs with a pain answer to see how many blocks you "
            f"need; until then {n_blocks} blocks is the default."
        )
        return PrecisionHint(len(values), None, n_blocks, None, smallest_effect_min, None, text)
    sd = float(values.std(ddof=1))
    sd_diff = sd * math.sqrt(2.0)
    half = (
        float(stats.t.ppf(0.975, n_blocks - 1)) * sd_diff / math.sqrt(n_blocks)
        if n_blocks >= 2
        else None
    )
    needed = blocks_for_power(sd_diff, smallest_effect_min, power=power, alpha=alpha)
    width = "" if half is None else f"the effect will be known to about ±{half:.0f} min; "
    need = (
        f"{needed} blocks give a {power:.0%} chance of finding a {smallest_effect_min:g}-minute "
        "difference if there is one"
        if needed is not None
        else f"a {smallest_effect_min:g}-minute difference is too small to find reliably"
    )
    text = (
        f"Your pain-free minutes vary by about {sd:.0f} min from run to run. With {n_blocks} "
        f"block{'' if n_blocks == 1 else 's'} {width}{need}."
    )
    return PrecisionHint(len(values), sd, n_blocks, half, smallest_effect_min, needed, text)
