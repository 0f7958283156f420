"""Imported activities: the summary and derived figures in rows, the samples in one blob."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from backstride.model import FOOT_SPORTS


class Activity(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    sport = models.CharField(max_length=32)
    sub_sport = models.CharField(max_length=32, blank=True)
    start_utc = models.DateTimeField()
    local_utc_offset_s = models.IntegerField(null=True, blank=True)
    elapsed_s = models.FloatField()
    moving_s = models.FloatField(null=True, blank=True)
    timer_s = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    ascent_m = models.FloatField(null=True, blank=True)
    avg_hr_bpm = models.FloatField(null=True, blank=True)
    max_hr_bpm = models.FloatField(null=True, blank=True)
    avg_cadence_spm = models.FloatField(null=True, blank=True)
    avg_speed_mps = models.FloatField(null=True, blank=True)
    device = models.CharField(max_length=120, blank=True)
    # Derived per run (backstride.analysis.metrics); None for non-running sports.
    warmup_s = models.FloatField(null=True, blank=True)
    longest_continuous_s = models.FloatField(null=True, blank=True)
    continuous_segments = models.PositiveIntegerField(null=True, blank=True)
    walk_breaks = models.PositiveIntegerField(null=True, blank=True)
    first_split_pace_s_per_km = models.FloatField(null=True, blank=True)
    rest_pace_s_per_km = models.FloatField(null=True, blank=True)
    laps = models.JSONField(default=list, blank=True)
    samples = models.PositiveIntegerField(default=0)
    source_name = models.CharField(max_length=500)
    source_format = models.CharField(max_length=8)
    source_sha256 = models.CharField(max_length=64)
    warnings = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-start_utc",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["owner", "source_sha256"], name="one_import_per_file")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["owner", "-start_utc"], name="activity_owner_start"),
            models.Index(fields=["owner", "sport", "-start_utc"], name="activity_owner_sport"),
            # the runs list's other sorts (longest distance, longest time) read these in order
            models.Index(fields=["owner", "-distance_m"], name="activity_owner_distance"),
            models.Index(fields=["owner", "-elapsed_s"], name="activity_owner_elapsed"),
        ]

    def __str__(self) -> str:
        return f"{self.sport} {self.start_utc:%Y-%m-%d %H:%M}"

    @property
    def on_foot(self) -> bool:
        return self.sport in FOOT_SPORTS

    @property
    def mean_speed_mps(self) -> float | None:
        moving = self.moving_s or self.elapsed_s
        return self.distance_m / moving if self.distance_m and moving else None

    @property
    def pace_s_per_km(self) -> float | None:
        moving = self.moving_s or self.elapsed_s
        if not self.distance_m or not moving:
            return None
        return moving / (self.distance_m / 1000)


class ActivityStreams(models.Model):
    """The per-sample channels of one activity (see backstride.streams_io)."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, primary_key=True, related_name="stream_blob"
    )
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"streams of {self.activity}"
