"""The pain diary: what a runner felt on each run, and a short check-in each morning."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from backstride_web.activities.models import Activity

PAIN_0_10 = [MinValueValidator(0), MaxValueValidator(10)]


class Character(models.TextChoices):
    PUMP = "pump", "Pump (building tightness)"
    TIGHTNESS = "tightness", "Tightness"
    ACHE = "ache", "Ache"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"


class Location(models.TextChoices):
    """The values of :data:`backstride.pain.LOCATIONS`; thigh and below the knee are leg
    symptoms, which prompt a clinician visit and a new red-flag screen."""

    LOW_BACK_CENTRAL = "low_back_central", "Central, low back"
    LOW_BACK_ONE_SIDE = "low_back_one_side", "One side of the low back"
    LOW_BACK_BOTH_SIDES = "low_back_both_sides", "Both sides of the low back"
    BUTTOCK = "buttock", "Buttock"
    THIGH = "thigh", "Thigh"
    BELOW_KNEE = "below_knee", "Below the knee"
    OTHER = "other", "Somewhere else"


class RunPain(models.Model):
    """The runner's report for one run. ``onset_s`` None means no pain on this run: a
    censored observation (pain-free for the whole run), as valuable as a pain onset."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="pain")
    onset_s = models.FloatField("pain started after (s)", null=True, blank=True)
    peak = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN_0_10)
    character = models.CharField(max_length=12, choices=Character.choices, blank=True)
    location = models.CharField(max_length=24, choices=Location.choices, blank=True)
    stopped = models.BooleanField("had to stop running", default=False)
    walked_off = models.BooleanField("walked it off", default=False)
    settle_min = models.PositiveSmallIntegerField(
        "minutes to settle", null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    next_morning = models.PositiveSmallIntegerField(
        "pain next morning", null=True, blank=True, validators=PAIN_0_10
    )
    warmup_min = models.FloatField(
        "warm-up (min)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    sat_hours_before = models.FloatField(
        "hours sitting before the run",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    lifted_48h = models.BooleanField("heavy lifting in the previous 48 h", default=False)
    shoes = models.CharField(max_length=60, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"pain on {self.activity}: {'none' if self.onset_s is None else self.onset_s}"

    @property
    def had_pain(self) -> bool:
        return self.onset_s is not None


class DailyCheckin(models.Model):
    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    day = models.DateField()
    morning_pain = models.PositiveSmallIntegerField(validators=PAIN_0_10)
    morning_stiffness = models.PositiveSmallIntegerField(validators=PAIN_0_10)
    sitting_hours = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    sleep_hours = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    exercises_done = models.BooleanField(default=False)
    note = models.CharField(max_length=280, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-day",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["runner", "day"], name="one_checkin_per_day")
        ]

    def __str__(self) -> str:
        return f"check-in {self.day}"
