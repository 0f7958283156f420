"""Block-pair randomisation and the calendar of an experiment.

**Block-pair randomisation** (AHRQ n-of-1 guide 2014, ch. 4): every block holds arm A and
arm B once; the order within each block (AB or BA) is drawn independently with probability
1/2. Each block is therefore balanced by construction, and the set of all 2^n orders is
exactly the reference distribution of the randomisation test in
:mod:`backstride.analysis.nof1`.

The coin for block *b* is the lowest bit of ``sha256("backstride-nof1:<seed>:<b>")``: the
allocation is fully determined by the recorded ``seed`` on every platform and every Python
or numpy version, so anyone can re-derive it (CENT 2015 item 8: method of generating the
allocation sequence). :func:`draw_seed` draws a fresh seed; store it with the experiment.

The **schedule** turns a design into dated slots from ``start``: run-in slots (no arm, not
analysed), then the two slots of each block. Run designs use the runner's run days
(weekdays, 0 = Monday) and keep at least ``min_gap_h`` between runs; period designs use
consecutive periods of ``period_days`` whose first ``washout_days`` are not analysed.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal

from backstride.analysis.jsonable import to_jsonable
from backstride.errors import InputError
from backstride.experiments.design import ArmKey, Design

__all__ = [
    "Allocation",
    "Schedule",
    "Slot",
    "Span",
    "check_no_overlap",
    "draw_seed",
    "make_schedule",
    "randomise",
]

MAX_SEED: Final = 2**63 - 1
METHOD: Final = (
    "block pairs; order per block = lowest bit of sha256('backstride-nof1:<seed>:<block>')"
)


def draw_seed() -> int:
    """A fresh random seed (record it: it reproduces the allocation)."""
    return secrets.randbits(62)


@dataclass(frozen=True, slots=True)
class Allocation:
    """The randomised order of the arms in each block (``orders[0]`` is block 1)."""

    seed: int
    orders: tuple[tuple[ArmKey, ArmKey], ...]
    method: str = METHOD

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def randomise(n_blocks: int, seed: int) -> Allocation:
    """Block-pair allocation of ``n_blocks`` blocks from ``seed`` (reproducible)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"must be a whole number from 0 to {MAX_SEED}", source="seed")
    if isinstance(n_blocks, bool) or not isinstance(n_blocks, int) or n_blocks < 1:
        raise InputError("an experiment needs at least one block", source="n_blocks")
    orders: list[tuple[ArmKey, ArmKey]] = []
    for block in range(1, n_blocks + 1):
        digest = hashlib.sha256(f"backstride-nof1:{seed}:{block}".encode()).digest()
        orders.append(("B", "A") if digest[-1] & 1 else ("A", "B"))
    return Allocation(seed=seed, orders=tuple(orders))


@dataclass(frozen=True, slots=True)
class Slot:
    """One dated unit of the schedule.

    ``phase`` is ``"run_in"`` (``block``, ``position`` and ``arm`` are None) or ``"block"``;
    ``position`` is 1 or 2 within the block. A run slot is one day (``first_day ==
    last_day``); a period slot spans days, analysed from ``analysed_from`` (after washout).
    """

    index: int
    phase: Literal["run_in", "block"]
    block: int | None
    position: int | None
    arm: ArmKey | None
    first_day: date
    last_day: date
    analysed_from: date

    def covers(self, day: date) -> bool:
        """Whether ``day`` is in the analysed part of this slot."""
        return self.analysed_from <= day <= self.last_day


@dataclass(frozen=True, slots=True)
class Span:
    """The dates an experiment occupies and its primary outcome (for the overlap check)."""

    name: str
    primary: str
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class Schedule:
    """A design with its allocation, laid out in dated slots from ``start``."""

    design: Design
    allocation: Allocation
    start: date
    run_days: tuple[int, ...]
    slots: tuple[Slot, ...]

    @property
    def end(self) -> date:
        return self.slots[-1].last_day

    @property
    def block_slots(self) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.phase == "block")

    def slot_on(self, day: date) -> Slot | None:
        """The slot whose days include ``day`` (run-in included), or None."""
        for slot in self.slots:
            if slot.first_day <= day <= slot.last_day:
                return slot
        return None

    def span(self) -> Span:
        return Span(self.design.name, self.design.primary, self.start, self.end)

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def _run_days(days: Iterable[int]) -> tuple[int, ...]:
    chosen = tuple(sorted(set(days)))
    if not chosen:
        raise InputError("choose at least one day of the week to run", source="run_days")
    if any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in chosen):
        raise InputError("days of the week are 0 (Monday) to 6 (Sunday)", source="run_days")
    return chosen


def make_schedule(
    design: Design,
    *,
    start: date,
    seed: int,
    run_days: Iterable[int] = (0, 2, 4, 6),
) -> Schedule:
    """Randomise ``design`` with ``seed`` and date its slots from ``start``.

    Run designs place one run on each chosen weekday that keeps at least
    ``design.min_gap_h`` (rounded up to whole days) since the previous run; period designs
    lay consecutive periods from ``start`` after ``design.run_in`` run-in days.
    """
    days = _run_days(run_days)
    allocation = randomise(design.n_blocks, seed)
    slots: list[Slot] = []
    if design.unit == "run":
        gap = max(1, math.ceil(design.min_gap_h / 24))
        day, last = start, None
        plan: list[tuple[int | None, int | None, ArmKey | None]] = [
            (None, None, None)
        ] * design.run_in
        for block, order in enumerate(allocation.orders, start=1):
            plan += [(block, 1, order[0]), (block, 2, order[1])]
        for block_no, position, arm in plan:
            while day.weekday() not in days or (last is not None and (day - last).days < gap):
                day += timedelta(days=1)
            slots.append(
                Slot(
                    index=len(slots),
                    phase="run_in" if block_no is None else "block",
                    block=block_no,
                    position=position,
                    arm=arm,
                    first_day=day,
                    last_day=day,
                    analysed_from=day,
                )
            )
            last, day = day, day + timedelta(days=1)
    else:
        day = start
        if design.run_in:
            end = day + timedelta(days=design.run_in - 1)
            slots.append(Slot(0, "run_in", None, None, None, day, end, day))
            day = end + timedelta(days=1)
        for block, order in enumerate(allocation.orders, start=1):
            for position, arm in enumerate(order, start=1):
                end = day + timedelta(days=design.period_days - 1)
                washed = day + timedelta(days=design.washout_days)
                slots.append(Slot(len(slots), "block", block, position, arm, day, end, washed))
                day = end + timedelta(days=1)
    return Schedule(design, allocation, start, days, tuple(slots))


def check_no_overlap(new: Schedule, others: Iterable[Span]) -> None:
    """Raise :class:`InputError` (source ``start``) if ``new`` shares days with another
    experiment on the same primary outcome: the two could not be told apart."""
    mine = new.span()
    for other in others:
        if other.primary != mine.primary:
            continue
        if other.first_day <= mine.last_day and mine.first_day <= other.last_day:
            raise InputError(
                f"these dates ({mine.first_day} to {mine.last_day}) overlap the experiment "
                f"{other.name!r} ({other.first_day} to {other.last_day}), which measures the "
                f"same outcome; start after {other.last_day} or finish that one first",
                source="start",
            )
