"""Self-experiments: create, follow, stop and analyse them (the one place that writes them).

Data flow: a :class:`~backstride.experiments.design.Design` (built by the wizard form, a
template, or the ``backstride experiment`` CLI) -> :func:`create_experiment` validates the
dates against the runner's other experiments, randomises with a recorded seed and stores an
:class:`~backstride_web.experiments.models.Experiment` -> the runner runs and answers the
diary -> :func:`conducted` matches the runs to the schedule (adherence, safety stop) ->
:func:`analyse` gives the n-of-1 analysis (:func:`backstride.analysis.nof1.analyse`) ->
:func:`refresh` moves the status on and stores the final result.

Time is a parameter: every function that depends on "today" takes ``now`` (timezone-aware);
the local day is ``timezone.localtime(now).date()`` (the site's time zone, as in the diary).

**Revealing arms**: :func:`arm_on` returns the arm assigned to a day whatever the day; a page,
calendar or watch file must show it only when that day has come (``day <= today``) --
:func:`revealed_arm` does that check. The allocation is never shown ahead on the pages.

The design codec lives in :mod:`.codec` and the runner's history (runs as core records,
usual cadence and run days, the precision hint) in :mod:`.history`; both are re-exported here,
so this module stays the one import for the pages, the CLI and the plan.

Errors: every bad input raises :class:`~backstride.errors.InputError` whose ``source`` names
the field (``start``, ``n_blocks``, ``arm_b``, ``run_days``, ``reason``...); nothing is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from backstride.analysis import nof1
from backstride.errors import InputError
from backstride.experiments.conduct import Adherence, Conducted, conduct, local_day
from backstride.experiments.design import Arm, ArmKey, Design
from backstride.experiments.schedule import (
    Schedule,
    Slot,
    Span,
    check_no_overlap,
    draw_seed,
    make_schedule,
)
from backstride.pain import RunRecord
from backstride.reason.case import ExperimentResult
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.assessments.safety import (
    has_completed_screen,
    plan_access,
    screens_waiting_for_clearance,
)
from backstride_web.experiments.codec import design_from_json
from backstride_web.experiments.history import (
    DEFAULT_RUN_DAYS,
    precision_for,
    runs_between,
    usual_cadence,
    usual_run_days,
)
from backstride_web.experiments.models import (
    ACTIVE,
    DONE,
    AdherenceAnswer,
    Experiment,
    Status,
)

__all__ = [
    "DEFAULT_RUN_DAYS",
    "DayRow",
    "Progress",
    "active_experiments",
    "analyse",
    "answer_adherence",
    "arm_on",
    "conducted",
    "create_experiment",
    "creation_blocked",
    "design_from_json",
    "design_of",
    "experiment_results",
    "experiment_runs",
    "finished_experiments",
    "precision_for",
    "progress",
    "refresh",
    "revealed_arm",
    "schedule_of",
    "slot_on",
    "stop",
    "usual_cadence",
    "usual_run_days",
]


def design_of(experiment: Experiment) -> Design:
    """The experiment's :class:`Design`."""
    return design_from_json(experiment.design)


def schedule_of(experiment: Experiment) -> Schedule:
    """The experiment's :class:`Schedule`, re-derived from its design, seed, start and run
    days; raises :class:`InputError` (source ``allocation``) if it does not match the record."""
    schedule = make_schedule(
        design_of(experiment),
        start=experiment.start,
        seed=int(experiment.seed),
        run_days=tuple(int(d) for d in experiment.run_days),
    )
    recorded = [tuple(o) for o in experiment.allocation.get("orders", [])]
    if recorded != [tuple(o) for o in schedule.allocation.orders]:
        raise InputError(
            "the recorded allocation does not match its seed; the experiment record was altered",
            source="allocation",
        )
    return schedule


# ------------------------------------------------------------------------------- creation


def _local_today(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


def _spans(runner: User, exclude: int | None = None) -> list[Span]:
    rows = Experiment.objects.filter(runner=runner).exclude(status=Status.STOPPED)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    spans = []
    for row in rows:
        last = row.end
        if row.status == Status.FINISHED and row.finished_at is not None:
            last = min(last, timezone.localtime(row.finished_at).date())
        spans.append(Span(row.name, row.primary, row.start, last))
    return spans


def creation_blocked(runner: User, *, now: datetime.datetime) -> str | None:
    """Why ``runner`` may not start an experiment now, or None. An experiment changes how
    he runs, so it sits behind the same red-flag gate as run plans (DESIGN.md §4):
    a completed safety screen, and running allowed by the screens in force."""
    if not has_completed_screen(runner):
        return "answer the safety screen first: an experiment changes how you run"
    access = plan_access(runner, now=now)
    if not access.running:
        reason = f" ({access.reason})" if access.reason else ""
        return (
            "the safety screen does not allow running until a clinician has checked you"
            f"{reason}; no experiment until then"
        )
    return None


def create_experiment(
    runner: User,
    design: Design,
    start: datetime.date,
    seed: int | None = None,
    *,
    run_days: Iterable[int] = DEFAULT_RUN_DAYS,
    now: datetime.datetime | None = None,
) -> Experiment:
    """Randomise ``design`` from ``start`` and store it as a planned experiment.

    ``seed`` None draws a fresh one (it is recorded either way). Raises
    :class:`InputError`: ``start`` in the past or overlapping another experiment on the same
    primary outcome (stopped ones do not count), ``run_days`` empty or out of range,
    ``safety`` when the red-flag gate does not allow running (:func:`creation_blocked`).
    Nothing is saved on error. ``now`` (default: the clock) decides what "the past" is.
    """
    if not runner.is_runner:
        raise InputError("only a runner can run an experiment on themself", source="runner")
    moment = now or timezone.now()
    if start < _local_today(moment):
        raise InputError("the first day cannot be in the past", source="start")
    blocked = creation_blocked(runner, now=moment)
    if blocked is not None:
        raise InputError(blocked, source="safety")
    schedule = make_schedule(
        design, start=start, seed=draw_seed() if seed is None else seed, run_days=run_days
    )
    with transaction.atomic():
        # lock the runner's rows so two submissions cannot both pass the overlap check
        list(Experiment.objects.select_for_update().filter(runner=runner))
        check_no_overlap(schedule, _spans(runner))
        return Experiment.objects.create(
            runner=runner,
            name=design.name,
            template_id=design.template_id or "",
            design=design.as_json(),
            primary=design.primary,
            seed=schedule.allocation.seed,
            allocation=schedule.allocation.as_json(),
            run_days=list(schedule.run_days),
            schedule=list(schedule.as_json()["slots"]),
            start=schedule.start,
            end=schedule.end,
            status=Status.PLANNED,
            created_at=moment,
        )


# ------------------------------------------------------------------------- runs and analysis


def experiment_runs(experiment: Experiment, now: datetime.datetime) -> list[RunRecord]:
    """The runner's foot runs dated within the experiment (local days start..end) up to
    ``now``, as the core's :class:`RunRecord` (``run_id`` is the Activity pk as a string)."""
    return runs_between(experiment.runner, experiment.start, experiment.end, now)


def _red_flag_since(experiment: Experiment, now: datetime.datetime) -> bool:
    return any(
        s.answered_at >= experiment.created_at
        for s in screens_waiting_for_clearance(experiment.runner, now=now)
    )


def _reported(experiment: Experiment) -> dict[str, bool]:
    return {
        str(activity_id): followed
        for activity_id, followed in experiment.answers.values_list("activity_id", "followed")
    }


def conducted(
    experiment: Experiment,
    now: datetime.datetime,
    *,
    runs: Sequence[RunRecord] | None = None,
    schedule: Schedule | None = None,
) -> Conducted:
    """The runs up to ``now`` matched to the schedule: observations, adherence per run id,
    the safety status (a red-flag screen answered since the experiment was created and not
    cleared stops everything), complete blocks, missed slots. ``runs`` and ``schedule``
    (from :func:`experiment_runs` and :func:`schedule_of`) save reading them again."""
    local_now = timezone.localtime(now)
    return conduct(
        schedule if schedule is not None else schedule_of(experiment),
        runs if runs is not None else experiment_runs(experiment, now),
        now=local_now,
        usual_cadence_spm=usual_cadence(experiment.runner, experiment.start),
        reported=_reported(experiment),
        red_flag=_red_flag_since(experiment, now),
    )


def analyse(
    experiment: Experiment, now: datetime.datetime, *, done: Conducted | None = None
) -> nof1.Nof1Result:
    """The n-of-1 analysis (ITT and per-protocol) of the runs up to ``now``.

    Pass ``done`` (from :func:`conducted`) to avoid matching the runs twice. A stopped
    experiment's ``stop_reason`` opens the verdict.
    """
    design = design_of(experiment)
    done = done if done is not None else conducted(experiment, now)
    return nof1.analyse(
        done.observations,
        now=timezone.localtime(now),
        label_a=design.arm_a.label,
        label_b=design.arm_b.label,
        outcomes=design.outcomes,
        seed=int(experiment.seed) % (2**32),
        stop_reason=experiment.stop_reason or None,
    )


# ---------------------------------------------------------------------------- status changes


def _finish(
    experiment: Experiment, status: Status, now: datetime.datetime, done: Conducted
) -> None:
    result = analyse(experiment, now, done=done)
    experiment.status = status
    experiment.result = result.as_json()
    experiment.verdict = result.verdict.kind
    if status == Status.STOPPED:
        experiment.stopped_at = now
    else:
        experiment.finished_at = now


def refresh(experiment: Experiment, now: datetime.datetime) -> Experiment:
    """Move an active experiment's status on as of ``now`` and save it if it changed.

    planned -> running on the first day; -> stopped when the safety stop fires
    (``stop_reason`` gets its reasons); -> finished the day after the last slot (so the last
    run's next-morning pain, and its safety check, are in). A stopped or finished experiment
    is returned unchanged; so is one whose stored record no longer matches its seed (it is
    left for a person to look at; :func:`schedule_of` names the problem).
    """
    if not experiment.is_active:
        return experiment
    today = _local_today(now)
    if today < experiment.start:
        return experiment
    try:
        done = conducted(experiment, now)
    except InputError:
        return experiment
    with transaction.atomic():
        if done.safety.stopped:
            experiment.stop_reason = " ".join(done.safety.reasons)
            _finish(experiment, Status.STOPPED, now, done)
        elif today > experiment.end:
            _finish(experiment, Status.FINISHED, now, done)
        else:
            experiment.status = Status.RUNNING
        experiment.save()
    return experiment


def stop(experiment: Experiment, reason: str, now: datetime.datetime) -> Experiment:
    """Stop an active experiment by the runner's choice; ``reason`` (1-500 characters) is
    kept and the analysis as it stands is stored. Raises :class:`InputError` (``reason``, or
    ``status`` when it is already stopped or finished)."""
    cleaned = reason.strip()
    if not cleaned:
        raise InputError("say briefly why you stop", source="reason")
    if len(cleaned) > 500:
        raise InputError("must be at most 500 characters", source="reason")
    if not experiment.is_active:
        raise InputError(f"this experiment is already {experiment.status}", source="status")
    with transaction.atomic():
        experiment.stop_reason = f"you stopped it ({cleaned})."
        _finish(experiment, Status.STOPPED, now, conducted(experiment, now))
        experiment.save()
    return experiment


def answer_adherence(
    experiment: Experiment, activity: Activity, followed: bool, *, now: datetime.datetime
) -> AdherenceAnswer:
    """Record (or change) the runner's "I followed this run's arm" for one run of the
    experiment. Raises :class:`InputError` (``activity``) for a run of someone else or
    outside the experiment's analysed days."""
    if activity.owner_id != experiment.runner_id:
        raise InputError("this run is not yours", source="activity")
    schedule = schedule_of(experiment)
    day = timezone.localtime(activity.start_utc).date()
    if activity.local_utc_offset_s is not None:
        day = (activity.start_utc + datetime.timedelta(seconds=activity.local_utc_offset_s)).date()
    slot = schedule.slot_on(day)
    if slot is None or slot.arm is None or not slot.covers(day):
        raise InputError("this run is not one of the experiment's runs", source="activity")
    answer, _ = AdherenceAnswer.objects.update_or_create(
        experiment=experiment,
        activity=activity,
        defaults={"followed": followed, "answered_at": now},
    )
    return answer


# --------------------------------------------------------------------------------- lookups


def active_experiments(runner: User) -> list[Experiment]:
    """The runner's planned and running experiments, earliest start first."""
    return list(Experiment.objects.filter(runner=runner, status__in=ACTIVE).order_by("start"))


def finished_experiments(runner: User) -> list[Experiment]:
    """The runner's finished and stopped experiments, newest first (the history)."""
    return list(Experiment.objects.filter(runner=runner, status__in=DONE).order_by("-end", "-pk"))


def slot_on(runner: User, day: datetime.date) -> tuple[Experiment, Slot] | None:
    """The active experiment slot (run-in included) whose days include ``day``, or None."""
    for experiment in active_experiments(runner):
        if not experiment.start <= day <= experiment.end:
            continue
        try:
            slot = schedule_of(experiment).slot_on(day)
        except InputError:
            continue
        if slot is not None:
            return experiment, slot
    return None


def arm_on(runner: User, day: datetime.date) -> tuple[Experiment, Arm] | None:
    """The arm of an active experiment assigned to ``day``, or None (no experiment, a
    run-in day, or a day between runs). Reveal it only when ``day`` has come
    (:func:`revealed_arm`). For period designs every day of a period (washout included)
    carries its arm."""
    found = slot_on(runner, day)
    if found is None or found[1].arm is None:
        return None
    experiment, slot = found
    return experiment, design_of(experiment).arm(cast(ArmKey, slot.arm))


def revealed_arm(
    runner: User, day: datetime.date, *, now: datetime.datetime
) -> tuple[Experiment, Arm] | None:
    """:func:`arm_on` if ``day`` is today or past as of ``now`` (local), else None."""
    if day > _local_today(now):
        return None
    return arm_on(runner, day)


# ---------------------------------------------------------------------------- progress view


@dataclass(frozen=True)
class DayRow:
    """One slot on the schedule page: the arm only when ``revealed``; ``run`` is the first
    run on the slot's analysed days (the one a run design counts; its ``pain`` is None until
    the diary answer is in), ``more_runs`` how many others a period slot holds (each is
    analysed)."""

    slot: Slot
    revealed: bool
    arm: Arm | None
    run: RunRecord | None
    adherence: Adherence | None
    missed: bool
    is_today: bool
    answer: bool | None
    more_runs: int = 0


@dataclass(frozen=True)
class Progress:
    """An experiment as of ``today``: the rows of its schedule, the core's conduct result
    and the blocks done out of ``n_blocks``."""

    today: datetime.date
    design: Design
    rows: tuple[DayRow, ...]
    done: Conducted
    n_blocks: int

    @property
    def percent(self) -> int:
        return round(100 * self.done.complete_blocks / self.n_blocks) if self.n_blocks else 0

    @property
    def today_row(self) -> DayRow | None:
        return next((r for r in self.rows if r.is_today), None)


def progress(experiment: Experiment, now: datetime.datetime) -> Progress:
    """The schedule with each day's arm revealed on or after its day, the run matched to
    each slot, its adherence and the runner's answer."""
    today = _local_today(now)
    schedule = schedule_of(experiment)
    design = schedule.design
    runs = experiment_runs(experiment, now)
    done = conducted(experiment, now, runs=runs, schedule=schedule)
    answers = _reported(experiment)
    by_slot: dict[int, list[RunRecord]] = {}
    for run in runs:
        day = local_day(run)
        slot = schedule.slot_on(day)
        if slot is not None and slot.covers(day):
            by_slot.setdefault(slot.index, []).append(run)
    rows = []
    for slot in schedule.slots:
        in_slot = by_slot.get(slot.index, [])
        matched = in_slot[0] if in_slot else None
        revealed = slot.first_day <= today
        rows.append(
            DayRow(
                slot=slot,
                revealed=revealed,
                arm=design.arm(slot.arm) if revealed and slot.arm is not None else None,
                run=matched,
                adherence=None if matched is None else done.adherence.get(matched.run_id),
                missed=slot.index in done.missed_slots,
                is_today=slot.first_day <= today <= slot.last_day,
                answer=None if matched is None else answers.get(matched.run_id),
                more_runs=max(0, len(in_slot) - 1) if design.unit == "period" else 0,
            )
        )
    return Progress(today, design, tuple(rows), done, design.n_blocks)


# ------------------------------------------------------------------------ results for Explain


def experiment_results(runner: User, *, now: datetime.datetime) -> tuple[ExperimentResult, ...]:
    """Finished experiments (stopped ones included) done by ``now`` as the core's
    :class:`~backstride.reason.case.ExperimentResult`, oldest first, for the Explain case."""
    found = []
    for row in reversed(finished_experiments(runner)):
        ended = row.finished_at or row.stopped_at
        if ended is None or ended > now or not row.result:
            continue
        primary = cast(dict[str, Any], row.result["itt"]["effects"][0])
        found.append(
            ExperimentResult(
                name=row.name,
                template_id=row.template_id or None,
                contributors=tuple(str(c) for c in row.design.get("contributors", ())),
                verdict=row.verdict or "not_enough_evidence",
                difference=primary.get("difference"),
                p_value=primary.get("p_value"),
                n_blocks=int(primary.get("n_blocks") or 0),
                ended=timezone.localtime(ended).date(),
                stopped=row.status == Status.STOPPED,
            )
        )
    return tuple(found)
