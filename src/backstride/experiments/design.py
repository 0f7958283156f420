"""The design of a self-experiment (n-of-1 trial): two arms, blocks, run-in, washout, outcomes.

Definitions (Kravitz & Duan, AHRQ *Design and Implementation of N-of-1 Trials* 2014, ch. 4;
CENT 2015, Vohra et al., BMJ 2015;350:h1793):

- An **arm** is one of the two conditions compared (A and B, e.g. "warm-up" and "no warm-up").
- The **unit** is what one arm occupies: one **run**, or a **period** of consecutive days
  (for changes whose effect builds up or lingers, such as daily stretching).
- A **block** holds both arms once, in an order randomised per block (the *block-pair* design);
  several blocks replicate the comparison. With the two-sided randomisation test at 5 % a
  difference can only be declared from 6 blocks on (the smallest p of *n* block pairs is
  2/2^n), hence the default of 6 (KNOWLEDGE.md §10 item 15).
- The **run-in** is a few units before the first block that are not analysed (learning the
  routine, baseline); the **washout** is time between arms so that one arm's effect does not
  carry over into the next: a minimum gap between runs (``min_gap_h``) for run designs, the
  first ``washout_days`` of every period for period designs.
- **Fixed conditions** (route, pace, shoes) are kept the same in both arms.
- Outcomes: ``pain_free_min`` (primary by default: minutes from the start of a run to pain
  onset, censored at the run's end when there was no pain), ``peak_pain`` and
  ``next_morning_pain`` (0-10 numeric rating scale).
- **Safety stop**: an arm is halted when pain during a run or the next morning exceeds
  ``safety_stop_nrs`` (at most 5/10, the pain-monitoring model's "unacceptable" zone:
  Silbernagel et al., AJSM 2007;35:897); red-flag symptoms stop the whole experiment
  (:mod:`backstride.experiments.conduct`).

Every check raises :class:`~backstride.errors.InputError` whose ``source`` names the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from backstride.analysis.jsonable import to_jsonable
from backstride.errors import InputError

__all__ = [
    "CHECKS",
    "DEFAULT_BLOCKS",
    "MAX_BLOCKS",
    "OUTCOMES",
    "SAFETY_STOP_NRS",
    "UNITS",
    "AdherenceRule",
    "Arm",
    "ArmKey",
    "Design",
    "custom_design",
]

ArmKey = Literal["A", "B"]

UNITS: Final[tuple[str, ...]] = ("run", "period")
OUTCOMES: Final[tuple[str, ...]] = ("pain_free_min", "peak_pain", "next_morning_pain")
CHECKS: Final[tuple[str, ...]] = (
    "warmup_min",
    "cadence_ratio",
    "shoes",
    "no_lifting_48h",
    "self_report",
    "none",
)
"""How a run is checked against its arm; see ``knowledge/experiments.toml`` for each."""

DEFAULT_BLOCKS: Final = 6
MAX_BLOCKS: Final = 40
MAX_RUN_IN: Final = 14
MAX_PERIOD_DAYS: Final = 28
SAFETY_STOP_NRS: Final = 5
"""Pain above this (0-10) halts an arm; a design may be stricter, never looser (DESIGN.md §4)."""


def _text(value: str, source: str, *, limit: int = 200) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise InputError("must not be empty", source=source)
    if len(cleaned) > limit:
        raise InputError(f"must be at most {limit} characters", source=source)
    return cleaned


def _whole(value: int, source: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(
            f"must be a whole number from {low} to {high}, got {value!r}", source=source
        )


@dataclass(frozen=True, slots=True)
class AdherenceRule:
    """How a run is checked against its arm (one of :data:`CHECKS`).

    ``minimum``/``maximum`` bound the checked number (warm-up minutes, or cadence as a
    ratio of the runner's usual cadence); ``value`` is the name the runner gave, e.g. the
    shoes of this arm.
    """

    check: str = "self_report"
    minimum: float | None = None
    maximum: float | None = None
    value: str | None = None

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise InputError(f"must be one of {', '.join(CHECKS)}", source="adherence")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise InputError("the minimum is above the maximum", source="adherence")
        if self.check in ("warmup_min", "cadence_ratio") and (
            self.minimum is None and self.maximum is None
        ):
            raise InputError(f"{self.check} needs a minimum or a maximum", source="adherence")
        if self.check == "shoes" and not (self.value and self.value.strip()):
            raise InputError("name the shoes for this arm", source="adherence")

    def describe(self) -> str:
        """The rule in plain words."""
        low, high = self.minimum, self.maximum
        if self.check == "warmup_min":
            if low is not None and high is not None:
                return f"a warm-up of {low:g} to {high:g} easy minutes"
            return (
                f"at least {low:g} easy minutes first"
                if low is not None
                else (f"at most {high:g} minutes before running at pace")
            )
        if self.check == "cadence_ratio":
            lo = f"{(low or 0) * 100 - 100:+.0f} %"
            hi = f"{(high or 0) * 100 - 100:+.0f} %"
            return f"cadence between {lo} and {hi} of your usual"
        if self.check == "shoes":
            return f"run in {self.value}"
        if self.check == "no_lifting_48h":
            return "no heavy lifting logged in the 48 h before"
        if self.check == "none":
            return "nothing to check"
        return "your own answer decides (cannot be read from the run)"


@dataclass(frozen=True, slots=True)
class Arm:
    """One condition: ``key`` A or B, a short ``label``, what to do, how it is checked."""

    key: ArmKey
    label: str
    instructions: str = ""
    adherence: AdherenceRule = AdherenceRule()

    def __post_init__(self) -> None:
        if self.key not in ("A", "B"):
            raise InputError("an arm is A or B", source="arm")
        source = f"arm_{self.key.lower()}"
        object.__setattr__(self, "label", _text(self.label, source, limit=80))
        if len(self.instructions) > 500:
            raise InputError("instructions must be at most 500 characters", source=source)


@dataclass(frozen=True, slots=True)
class Design:
    """A complete, validated A/B design; see the module docstring for the definitions.

    ``run_in`` counts runs (run designs) or days (period designs); ``min_gap_h`` is the
    shortest time between two experiment runs; ``period_days`` and ``washout_days`` apply
    to period designs only. ``template_id`` names the template it came from (None: custom);
    ``contributors`` are the possible contributors it tests (``exercises.toml`` ids).
    """

    name: str
    arm_a: Arm
    arm_b: Arm
    unit: str = "run"
    n_blocks: int = DEFAULT_BLOCKS
    run_in: int = 2
    min_gap_h: float = 24.0
    period_days: int = 0
    washout_days: int = 0
    fixed: tuple[str, ...] = ()
    primary: str = "pain_free_min"
    secondary: tuple[str, ...] = ("peak_pain", "next_morning_pain")
    safety_stop_nrs: int = SAFETY_STOP_NRS
    template_id: str | None = None
    contributors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _text(self.name, "name"))
        if self.arm_a.key != "A" or self.arm_b.key != "B":
            raise InputError("the arms must be A then B", source="arm_b")
        if _same_arm(self.arm_a, self.arm_b):
            raise InputError(
                "the two arms are identical; an experiment needs two different conditions",
                source="arm_b",
            )
        if self.unit not in UNITS:
            raise InputError(f"must be one of {', '.join(UNITS)}", source="unit")
        if type(self.n_blocks) is int and self.n_blocks < 1:
            raise InputError(
                f"an experiment needs at least one block (each block tries both arms "
                f"once); {DEFAULT_BLOCKS} or more are recommended",
                source="n_blocks",
            )
        _whole(self.n_blocks, "n_blocks", 1, MAX_BLOCKS)
        _whole(self.run_in, "run_in", 0, MAX_RUN_IN)
        if not 0 <= self.min_gap_h <= 168:
            raise InputError("must be between 0 and 168 hours", source="min_gap_h")
        if self.unit == "period":
            _whole(self.period_days, "period_days", 1, MAX_PERIOD_DAYS)
            _whole(self.washout_days, "washout_days", 0, self.period_days - 1)
        elif self.period_days or self.washout_days:
            raise InputError("periods and washout days are for period designs", source="unit")
        if self.primary not in OUTCOMES:
            raise InputError(f"must be one of {', '.join(OUTCOMES)}", source="primary")
        for outcome in self.secondary:
            if outcome not in OUTCOMES or outcome == self.primary:
                raise InputError(
                    f"{outcome!r} is not a secondary outcome here; use "
                    f"{', '.join(o for o in OUTCOMES if o != self.primary)}",
                    source="secondary",
                )
        _whole(self.safety_stop_nrs, "safety_stop_nrs", 0, SAFETY_STOP_NRS)
        object.__setattr__(self, "fixed", tuple(_text(f, "fixed", limit=120) for f in self.fixed))

    def arm(self, key: ArmKey) -> Arm:
        """The arm with ``key``."""
        return self.arm_a if key == "A" else self.arm_b

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The primary outcome, then the secondary ones."""
        return (self.primary, *self.secondary)

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def _same_arm(a: Arm, b: Arm) -> bool:
    def norm(text: str) -> str:
        return " ".join(text.casefold().split())

    if norm(a.label) == norm(b.label):
        return True
    return bool(a.instructions) and (
        norm(a.instructions) == norm(b.instructions) and a.adherence == b.adherence
    )


def custom_design(
    name: str,
    label_a: str,
    label_b: str,
    *,
    instructions_a: str = "",
    instructions_b: str = "",
    unit: str = "run",
    n_blocks: int = DEFAULT_BLOCKS,
    run_in: int = 2,
    min_gap_h: float = 24.0,
    period_days: int = 0,
    washout_days: int = 0,
    fixed: tuple[str, ...] = ("same route", "same pace"),
    primary: str = "pain_free_min",
) -> Design:
    """A custom A/B design; adherence to each arm is the runner's own answer."""
    return Design(
        name=name,
        arm_a=Arm("A", label_a, instructions_a),
        arm_b=Arm("B", label_b, instructions_b),
        unit=unit,
        n_blocks=n_blocks,
        run_in=run_in,
        min_gap_h=min_gap_h,
        period_days=period_days,
        washout_days=washout_days,
        fixed=fixed,
        primary=primary,
        secondary=tuple(o for o in OUTCOMES if o != primary),
    )
