"""Running an experiment: adherence of each run to its arm, the safety stop, and the runs as
observations for :func:`backstride.analysis.nof1.analyse`.

**Adherence** (AHRQ n-of-1 guide 2014, ch. 4 and 6): a run is *adherent*, *non-adherent* or
*unknown* against its arm's :class:`~backstride.experiments.design.AdherenceRule`, read from
the run's data where possible (warm-up minutes, cadence, shoes, lifting in the 48 h
before). The runner's own answer (``reported``) decides what run data cannot show, and a
"no, I did not" always counts. The intention-to-treat set keeps every run as randomised;
the per-protocol set drops the non-adherent ones (unknown ones stay).

**Safety stop** (DESIGN.md §4; pain-monitoring model, Silbernagel et al., AJSM 2007;35:897):
pain above the design's ``safety_stop_nrs`` (at most 5/10) during a run or the next morning
halts that run's arm, and so the experiment; new leg symptoms or any red-flag symptom stop
the whole experiment and send the runner back to the red-flag screen and a clinician.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from backstride.analysis.jsonable import to_jsonable
from backstride.analysis.nof1 import Observation
from backstride.experiments.design import Arm, ArmKey, Design
from backstride.experiments.schedule import Schedule, Slot
from backstride.pain import LEG_LOCATIONS, RunRecord

__all__ = [
    "Adherence",
    "Conducted",
    "SafetyStatus",
    "classify",
    "conduct",
    "local_day",
    "safety_check",
]

Status = Literal["adherent", "non_adherent", "unknown"]


@dataclass(frozen=True, slots=True)
class Adherence:
    """How a run followed its arm, and why we think so."""

    status: Status
    reason: str

    @property
    def as_bool(self) -> bool | None:
        return None if self.status == "unknown" else self.status == "adherent"


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def classify(
    run: RunRecord,
    arm: Arm,
    *,
    usual_cadence_spm: float | None = None,
    reported: bool | None = None,
) -> Adherence:
    """Classify ``run`` against ``arm`` (see the module docstring)."""
    if reported is False:
        return Adherence("non_adherent", "you said this run did not follow its arm")
    rule, ctx = arm.adherence, run.context
    if rule.check == "none":
        return Adherence("adherent", "nothing to check for this arm")
    if rule.check == "warmup_min":
        if ctx.warmup_s is None:
            return _unknown(reported, "the warm-up could not be measured from this run")
        minutes = ctx.warmup_s / 60.0
        ok = _within(minutes, rule.minimum, rule.maximum)
        return _known(ok, f"warm-up {minutes:.1f} min; the arm needs {rule.describe()}")
    if rule.check == "cadence_ratio":
        if ctx.cadence_spm is None or usual_cadence_spm is None:
            return _unknown(reported, "cadence or your usual cadence is not known")
        ratio = ctx.cadence_spm / usual_cadence_spm
        ok = _within(ratio, rule.minimum, rule.maximum)
        return _known(ok, f"cadence {ratio * 100 - 100:+.0f} % of usual; {rule.describe()}")
    if rule.check == "shoes":
        if ctx.shoes is None:
            return _unknown(reported, "no shoes were logged for this run")
        ok = ctx.shoes.strip().casefold() == (rule.value or "").strip().casefold()
        return _known(ok, f"ran in {ctx.shoes}; the arm needs {rule.value}")
    if rule.check == "no_lifting_48h":
        if ctx.lifting_48h is None:
            return _unknown(reported, "lifting in the 48 h before was not logged")
        return _known(
            not ctx.lifting_48h,
            "heavy lifting logged in the 48 h before"
            if ctx.lifting_48h
            else "no heavy lifting in the 48 h before",
        )
    return _unknown(reported, "this arm cannot be checked from run data")


def _known(ok: bool, reason: str) -> Adherence:
    return Adherence("adherent" if ok else "non_adherent", reason)


def _unknown(reported: bool | None, reason: str) -> Adherence:
    if reported:
        return Adherence("adherent", f"{reason}; you said you followed the arm")
    return Adherence("unknown", reason)


@dataclass(frozen=True, slots=True)
class SafetyStatus:
    """Arms halted by the safety stop, whether everything stops, and why (plain words)."""

    halted_arms: tuple[ArmKey, ...]
    stop_all: bool
    reasons: tuple[str, ...]

    @property
    def stopped(self) -> bool:
        return self.stop_all or bool(self.halted_arms)


def safety_check(
    design: Design,
    runs: Sequence[tuple[ArmKey | None, RunRecord]],
    *,
    red_flag: bool = False,
) -> SafetyStatus:
    """Apply the safety stop to the experiment's runs so far (arm None: run-in).

    ``red_flag`` is True when the latest red-flag screen had any positive answer.
    """
    halted: list[ArmKey] = []
    reasons: list[str] = []
    stop_all = red_flag
    if red_flag:
        reasons.append(
            "a red-flag symptom was reported: the experiment stops; follow the red-flag "
            "screen's advice and see a clinician before running again."
        )
    limit = design.safety_stop_nrs
    for arm, run in runs:
        pain = run.pain
        if pain is None:
            continue
        worst = max(pain.peak, pain.next_morning or 0)
        if worst > limit and arm is not None and arm not in halted:
            halted.append(arm)
            reasons.append(
                f"pain {worst}/10 after the run of {local_day(run)} "
                f"({design.arm(arm).label}) is above {limit}/10: that arm is halted and the "
                "experiment stops. If the pain does not settle, see a physiotherapist or doctor."
            )
        if pain.location in LEG_LOCATIONS and not stop_all:
            stop_all = True
            reasons.append(
                "pain was felt in a leg: the experiment stops; repeat the red-flag screen and "
                "see a clinician."
            )
    return SafetyStatus(tuple(halted), stop_all, tuple(reasons))


def local_day(run: RunRecord) -> date:
    """The run's date in the runner's local calendar."""
    return (run.start_utc + timedelta(seconds=run.utc_offset_s)).date()


@dataclass(frozen=True, slots=True)
class Conducted:
    """The experiment as of ``now``: observations, adherence by run id, safety, progress."""

    observations: tuple[Observation, ...]
    adherence: dict[str, Adherence]
    safety: SafetyStatus
    complete_blocks: int
    missed_slots: tuple[int, ...]
    runs_outside_schedule: int

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def _slot_runs(
    schedule: Schedule, runs: Sequence[RunRecord]
) -> tuple[list[tuple[Slot, RunRecord]], int]:
    placed: list[tuple[Slot, RunRecord]] = []
    used_run_slots: set[int] = set()
    outside = 0
    for run in sorted(runs, key=lambda r: r.start_utc):
        day = local_day(run)
        slot = schedule.slot_on(day)
        if slot is None or not slot.covers(day):
            outside += int(schedule.start <= day <= schedule.end)
            continue
        if schedule.design.unit == "run":
            if slot.index in used_run_slots:
                outside += 1
                continue
            used_run_slots.add(slot.index)
        placed.append((slot, run))
    return placed, outside


def conduct(
    schedule: Schedule,
    runs: Sequence[RunRecord],
    *,
    now: datetime,
    usual_cadence_spm: float | None = None,
    reported: Mapping[str, bool] | None = None,
    red_flag: bool = False,
) -> Conducted:
    """Match the runs up to ``now`` to the schedule and build the analysis observations.

    Pass ``now`` in the runner's time zone: slots dated before ``now``'s date with no run
    are reported missed. A run counts for the slot of its local date (the first run of the
    day for run designs; every run in the analysed days for period designs). Runs without a
    diary answer are missing, not pain-free. ``reported`` maps run ids to the runner's
    answer "I followed the arm".
    """
    answers = reported or {}
    design = schedule.design
    seen = [r for r in runs if r.start_utc <= now]
    placed, outside = _slot_runs(schedule, seen)
    safety = safety_check(design, [(slot.arm, run) for slot, run in placed], red_flag=red_flag)
    observations: list[Observation] = []
    adherence: dict[str, Adherence] = {}
    filled: set[int] = set()
    for slot, run in placed:
        if slot.arm is None or slot.block is None or slot.position is None or run.pain is None:
            continue
        verdict = classify(
            run,
            design.arm(slot.arm),
            usual_cadence_spm=usual_cadence_spm,
            reported=answers.get(run.run_id),
        )
        adherence[run.run_id] = verdict
        filled.add(slot.index)
        pain = run.pain
        onset = pain.onset_s if pain.onset_s is not None else run.context.duration_s
        observations.append(
            Observation(
                block=slot.block,
                arm=slot.arm,
                position=slot.position,
                day=local_day(run),
                pain_free_min=onset / 60.0,
                event=pain.onset_s is not None,
                peak_pain=pain.peak,
                next_morning_pain=pain.next_morning,
                adherent=verdict.as_bool,
            )
        )
    today = now.date()
    missed = tuple(
        s.index for s in schedule.block_slots if s.last_day < today and s.index not in filled
    )
    blocks = {(o.block, o.arm) for o in observations}
    complete = sum(1 for b in range(1, design.n_blocks + 1) if {(b, "A"), (b, "B")} <= blocks)
    return Conducted(tuple(observations), adherence, safety, complete, missed, outside)
