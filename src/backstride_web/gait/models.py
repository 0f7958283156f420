"""A gait session: one uploaded video, what the core measured in it, and the files it made.

Files (the original video, the annotated video, ``frames.csv`` and ``steps.csv``) are kept
through Django's storage API, so an S3-compatible storage can replace the local folder by
setting only. Deleting a session (or the runner, by cascade) deletes its files once the
transaction commits (:func:`delete_files`).

A session is created when the video is uploaded (``queued``) and filled in by the
``gait_analysis`` job. A failed analysis keeps its error and has no :class:`GaitMetric`
rows: nothing is invented for a video the core refused.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from backstride_web.jobs.models import Job


class GaitView(models.TextChoices):
    SIDE = "side", "Side view"
    REAR = "rear", "From behind"


class GaitStatus(models.TextChoices):
    QUEUED = "queued", "Waiting"
    RUNNING = "running", "Analysing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def session_folder(session: GaitSession) -> str:
    """Storage folder of one session's files: ``gait/<runner id>/<session uuid>/``."""
    return f"gait/{session.runner_id}/{session.folder}"


def _upload_to(session: GaitSession, filename: str) -> str:
    return f"{session_folder(session)}/{filename}"


class GaitSession(models.Model):
    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gait_sessions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    folder = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    view = models.CharField(max_length=4, choices=GaitView.choices, default=GaitView.SIDE)
    label = models.CharField(max_length=80, blank=True)
    filmed_fps = models.FloatField(
        null=True, blank=True, help_text="Real frame rate of a slow-motion clip (frames/s)."
    )
    start_s = models.FloatField(default=0.0)
    end_s = models.FloatField(null=True, blank=True)
    crop = models.JSONField(null=True, blank=True)
    """[left, top, right, bottom] as fractions of the frame, or None for the whole frame."""
    original_name = models.CharField(max_length=255)
    video = models.FileField(upload_to=_upload_to, max_length=255)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=8, choices=GaitStatus.choices, default=GaitStatus.QUEUED)
    error = models.TextField(blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    fps = models.FloatField(null=True, blank=True)
    frames = models.PositiveIntegerField(null=True, blank=True)
    steps_left = models.PositiveSmallIntegerField(null=True, blank=True)
    steps_right = models.PositiveSmallIntegerField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    """The core's ``GaitResult.as_detail()`` plus the gait-cycle curves (``cycles``)."""
    warnings = models.JSONField(default=list, blank=True)
    """``[{"code", "message", "advice"}]`` from the core's capture-quality gate."""
    overlay = models.FileField(upload_to=_upload_to, max_length=255, blank=True)
    frames_csv = models.FileField(upload_to=_upload_to, max_length=255, blank=True)
    steps_csv = models.FileField(upload_to=_upload_to, max_length=255, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=("runner", "-created_at")),)

    def __str__(self) -> str:
        label = f" ({self.label})" if self.label else ""
        return (
            f"{self.get_view_display()} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}{label}"
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (GaitStatus.DONE, GaitStatus.FAILED)

    def files(self) -> list[models.fields.files.FieldFile]:
        """Every stored file of this session that exists (by name)."""
        return [f for f in (self.video, self.overlay, self.frames_csv, self.steps_csv) if f.name]


class GaitMetric(models.Model):
    """One metric of a successful analysis: median and IQR over the valid steps, or
    ``unavailable`` (median None) with the core's reason. Failed analyses have none."""

    session = models.ForeignKey(GaitSession, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(max_length=40)
    unit = models.CharField(max_length=20)
    median = models.FloatField(null=True, blank=True)
    iqr = models.FloatField(null=True, blank=True)
    n = models.PositiveIntegerField(default=0)
    steps_left = models.PositiveSmallIntegerField(default=0)
    steps_right = models.PositiveSmallIntegerField(default=0)
    quality = models.CharField(max_length=12)
    reason = models.CharField(max_length=300, blank=True)
    error_value = models.FloatField()
    """Expected measurement error in ``unit`` (knowledge/gait_norms.toml)."""
    asymmetry_pct = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ("session", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["session", "name"], name="one_gait_metric_per_name"),
            models.CheckConstraint(
                condition=models.Q(median__isnull=True, quality="unavailable")
                | (models.Q(median__isnull=False) & ~models.Q(quality="unavailable")),
                name="gait_metric_median_iff_available",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.median} {self.unit} ({self.quality})"


def delete_stored(names: list[str]) -> None:
    """Delete stored files by name, then the session folders they leave empty (local disk)."""
    for name in names:
        default_storage.delete(name)
    folders = sorted({os.path.dirname(name) for name in names}, key=len, reverse=True)
    for folder in folders:
        try:
            path = default_storage.path(folder)
        except NotImplementedError:  # object storage has no folders
            return
        with contextlib.suppress(OSError):
            os.rmdir(path)


@receiver(post_delete, sender=GaitSession)
def delete_files(sender: type[GaitSession], instance: GaitSession, **kwargs: Any) -> None:
    """A deleted session (also by cascade from its runner) takes its files with it, once the
    deletion is committed: a rolled-back deletion keeps them."""
    names = [f.name for f in instance.files() if f.name]
    if names:
        transaction.on_commit(lambda: delete_stored(names))
