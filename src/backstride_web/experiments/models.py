"""A runner's self-experiments (n-of-1 trials) and their answers.

The core computes everything (:mod:`backstride.experiments`, :mod:`backstride.analysis.nof1`);
these rows only keep what must be recorded so an experiment can be re-derived and audited
(CENT 2015 items 8-10: the allocation and how it was generated):

- :class:`Experiment` keeps the validated :class:`~backstride.experiments.design.Design` as
  JSON (``design``), the **seed** and the allocation it produced (``allocation``: the order
  of the arms per block), the run days and the dated **schedule** (``schedule``: slots as
  JSON), the start and last day, the status and, once finished or stopped, the analysis as
  it stood then (``result``, :meth:`Nof1Result.as_json`). The schedule is re-derived from
  ``design`` + ``seed`` + ``start`` + ``run_days`` by
  :func:`backstride_web.experiments.services.schedule_of`, which checks it against the
  recorded allocation.
- :class:`AdherenceAnswer` is the runner's own "I followed this run's arm" (yes/no) for one
  run, used where run data cannot show adherence (custom and stretching experiments) and
  always counted when it says "no".

Status: ``planned`` (before the first day), ``running``, ``stopped`` (by the runner or the
safety stop; ``stop_reason`` says why) and ``finished`` (the last slot's day has passed or
every block is in). :func:`~backstride_web.experiments.services.refresh` moves it on.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    STOPPED = "stopped", "Stopped"
    FINISHED = "finished", "Finished"


ACTIVE = (Status.PLANNED, Status.RUNNING)
DONE = (Status.STOPPED, Status.FINISHED)


class Experiment(models.Model):
    """One self-experiment of one runner (see the module docstring for the fields)."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments"
    )
    name = models.CharField(max_length=200)
    template_id = models.CharField(max_length=40, blank=True, default="")
    """The template of ``knowledge/experiments.toml``; empty for a custom experiment."""
    design = models.JSONField()
    """:meth:`Design.as_json` of the validated design."""
    primary = models.CharField(max_length=24)
    """The primary outcome (copied from the design for the overlap check)."""
    seed = models.BigIntegerField()
    allocation = models.JSONField()
    """:meth:`Allocation.as_json`: ``{seed, orders: [["A","B"], ...], method}``."""
    run_days = models.JSONField(default=list)
    """Weekdays of the experiment runs, 0 = Monday."""
    schedule = models.JSONField(default=list)
    """The slots: ``[{index, phase, block, position, arm, first_day, last_day,
    analysed_from}]`` (dates ISO)."""
    start = models.DateField()
    end = models.DateField()
    """The last day of the last slot."""
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PLANNED)
    stop_reason = models.TextField(blank=True, default="")
    stopped_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    """The analysis when it finished or stopped (:meth:`Nof1Result.as_json`)."""
    verdict = models.CharField(max_length=24, blank=True, default="")
    """The final verdict kind (``a_better``, ``b_better``, ``no_important_difference``,
    ``not_enough_evidence``); empty while active."""
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-start", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["runner", "status"], name="experiment_runner_status"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "running", "stopped", "finished"]),
                name="experiment_status",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="experiment_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status}, from {self.start})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_done(self) -> bool:
        return self.status in DONE

    @property
    def label_a(self) -> str:
        return str(self.design["arm_a"]["label"])

    @property
    def label_b(self) -> str:
        return str(self.design["arm_b"]["label"])

    @property
    def verdict_summary(self) -> str:
        """The final verdict in a few words (empty while active), e.g. "Warm-up came out
        better (p = 0.031)"."""
        words = {
            "a_better": f"{self.label_a} came out better",
            "b_better": f"{self.label_b} came out better",
            "no_important_difference": "No important difference",
            "not_enough_evidence": "Not enough evidence",
        }.get(self.verdict, "")
        try:
            p_value = (self.result or {})["itt"]["effects"][0]["p_value"]
        except (KeyError, IndexError, TypeError):
            p_value = None
        return f"{words} (p = {p_value:.3f})" if words and p_value is not None else words


class AdherenceAnswer(models.Model):
    """The runner's answer "I followed this run's arm" for one run of an experiment."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="answers")
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="experiment_answers"
    )
    followed = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["experiment", "activity"], name="experiment_answer_one_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{'followed' if self.followed else 'did not follow'} run {self.activity_id}"
