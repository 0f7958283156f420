"""Which available test would most change the ranking of the top contributors, and why.

For each check of ``contributors.toml`` that would settle a signal that is unknown now, every
outcome of those signals is tried (each true with the chance ``[meta].p_signal``, 0.5: no base
rate is known) and the contributors are ranked again. The expected change is the
probability-weighted sum, over the current top contributors, of how far each one's score moves
(``expected_score_change``, in log-odds) and how many places it moves
(``expected_rank_change``). Checks are ordered by expected rank change, then score change, then
id. A check that would settle nothing unknown, or move nothing, is not suggested.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from backstride.reason.evidence import Observation
from backstride.reason.hypotheses import Check, Ranked, checks, rank, signal_probability

__all__ = ["NextTest", "suggest"]

TOP: Final = 3
LIMIT: Final = 3
_ORDINALS: Final = ("1st", "2nd", "3rd")


@dataclass(frozen=True, slots=True)
class NextTest:
    """A suggested test, the top contributors it informs and the change it is expected to make."""

    check: Check
    settles: tuple[str, ...]
    informs: tuple[str, ...]
    expected_score_change: float
    expected_rank_change: float
    why: str


def _ordinal(position: int) -> str:
    return _ORDINALS[position] if position < len(_ORDINALS) else f"{position + 1}th"


def _positions(ranking: Sequence[Ranked]) -> dict[str, tuple[int, float]]:
    return {r.id: (i, r.score) for i, r in enumerate(ranking)}


def _why(
    name: str, before: tuple[int, float], positive: tuple[int, float], negative: tuple[int, float]
) -> str:
    def move(after: tuple[int, float]) -> str:
        delta = after[1] - before[1]
        if after[0] == before[0]:
            return f"stay {_ordinal(before[0])} (score {delta:+.2f})"
        return f"move from {_ordinal(before[0])} to {_ordinal(after[0])} (score {delta:+.2f})"

    return (
        f"If it comes out positive, {name} would {move(positive)}; "
        f"if negative, it would {move(negative)}."
    )


def _evaluate(
    check: Check,
    settles: tuple[str, ...],
    observations: Sequence[Observation],
    current: Sequence[Ranked],
    top: int,
) -> NextTest | None:
    p = signal_probability()
    before = _positions(current)
    leaders = [r.id for r in current[:top]]
    names = {r.id: r.contributor.name for r in current}
    base = {o.key: o for o in observations}
    score_change = 0.0
    rank_change = 0.0
    outcomes: dict[tuple[bool, ...], dict[str, tuple[int, float]]] = {}
    for values in itertools.product((True, False), repeat=len(settles)):
        chance = math.prod(p if v else 1 - p for v in values)
        trial = dict(base)
        for key, value in zip(settles, values, strict=True):
            old = base.get(key)
            detail = "if the test comes out positive" if value else "if it comes out negative"
            trial[key] = (
                replace(old, value=value, detail=detail)
                if old is not None
                else Observation(key, value, detail)
            )
        after = _positions(rank(trial.values()))
        outcomes[values] = after
        for cid in leaders:
            score_change += chance * abs(after[cid][1] - before[cid][1])
            rank_change += chance * abs(after[cid][0] - before[cid][0])
    if score_change < 1e-9 and rank_change < 1e-9:
        return None
    positive = outcomes[tuple(True for _ in settles)]
    negative = outcomes[tuple(False for _ in settles)]
    moved = max(
        leaders,
        key=lambda cid: (
            abs(positive[cid][1] - before[cid][1]) + abs(negative[cid][1] - before[cid][1]),
            -before[cid][0],
        ),
    )
    informs = tuple(
        r.id for r in current[:top] if any(i.key in settles for i in r.contributor.items)
    )
    return NextTest(
        check=check,
        settles=settles,
        informs=informs,
        expected_score_change=round(score_change, 3),
        expected_rank_change=round(rank_change, 3),
        why=_why(names[moved], before[moved], positive[moved], negative[moved]),
    )


def suggest(
    observations: Sequence[Observation],
    current: Sequence[Ranked],
    *,
    top: int = TOP,
    limit: int = LIMIT,
) -> tuple[NextTest, ...]:
    """The ``limit`` checks expected to change the ranking of the ``top`` contributors most."""
    unknown = {o.key for o in observations if o.value is None and not o.final}
    found = []
    for check in checks():
        settles = tuple(sorted(k for k in check.resolves if k in unknown))
        if not settles:
            continue
        suggestion = _evaluate(check, settles, observations, current, top)
        if suggestion is not None:
            found.append(suggestion)
    found.sort(key=lambda s: (-s.expected_rank_change, -s.expected_score_change, s.check.id))
    return tuple(found[:limit])
