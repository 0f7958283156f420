"""A runner's stored plan and the history of its weekly adjustments.

The plan itself is the core's :class:`~backstride.plan.model.Plan`, kept as JSON
(:mod:`backstride_web.plans.codec`) together with the goal and the
:class:`~backstride.plan.model.RunnerState` it was built from. Each rebuild raises
``revision`` (the calendar export's SEQUENCE). Each weekly review is a
:class:`PlanAdjustment` row that is never updated, so the history stays true.
A rebuild plans from tomorrow, so the sessions of the old revision that were already due
are kept in ``past_sessions`` for adherence; :class:`SessionMark` is the runner's own
"done" or "skipped" for one planned day (:mod:`backstride_web.plans.adherence`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class RunnerPlan(models.Model):
    """The runner's current plan (one per runner)."""

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan"
    )
    race = models.CharField(max_length=16)
    race_day = models.DateField()
    built_on = models.DateField()
    revision = models.PositiveIntegerField(default=0)
    state = models.JSONField(default=dict)
    baseline_morning_pain = models.FloatField(default=0.0)
    plan = models.JSONField(default=dict)
    past_sessions = models.JSONField(default=list, blank=True)
    """Sessions of earlier revisions that were due before a rebuild: ``{day, kind, title}``."""
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"plan of {self.runner_id}: {self.race} on {self.race_day} (rev {self.revision})"


class Decision(models.TextChoices):
    PROGRESS = "progress", "Progress"
    HOLD = "hold", "Hold"
    STEP_BACK = "step_back", "Step back"
    STOP = "stop", "Stop and redo the safety check"


class PlanAdjustment(models.Model):
    """One weekly review: what was logged, the pain rule's decision and every reason."""

    plan = models.ForeignKey(RunnerPlan, on_delete=models.CASCADE, related_name="adjustments")
    week_start = models.DateField()
    week_end = models.DateField()
    revision_before = models.PositiveIntegerField()
    decision = models.CharField(max_length=12, choices=Decision.choices)
    reasons = models.JSONField(default=list)
    see_clinician = models.BooleanField(default=False)
    rescreen = models.BooleanField(default=False)
    morning_mean = models.FloatField(null=True, blank=True)
    outcomes = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-decided_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["plan", "-decided_at"], name="plan_adjustment_when"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} after week from {self.week_start}"


class MarkStatus(models.TextChoices):
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class SessionMark(models.Model):
    """The runner's own word on one planned day's session: done or skipped (one per day)."""

    plan = models.ForeignKey(RunnerPlan, on_delete=models.CASCADE, related_name="marks")
    day = models.DateField()
    kind = models.CharField(max_length=12)
    status = models.CharField(max_length=8, choices=MarkStatus.choices)
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("day",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "day"], name="plan_mark_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(status__in=["done", "skipped"]), name="plan_mark_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status} on {self.day}"
