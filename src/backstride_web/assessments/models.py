"""Assessments: red-flag screens, clearances, pain profiles, questionnaires and self-tests.

Every row is a record of something a person answered or confirmed at a moment in time.
Nothing here is ever updated after it is written: a new answer is a new row, so the
history a clinician reads is the history the runner gave.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from backstride.assess.redflags import Tier
from backstride_web.accounts.models import User


class Screen(models.Model):
    """One completed red-flag screen (full or short form) and its outcome."""

    class Form(models.TextChoices):
        FULL = "full", "Full screen (R1-R16)"
        SHORT = "short", "Short re-screen (R1-R8, R14)"

    class Trigger(models.TextChoices):
        ONBOARDING = "onboarding", "Onboarding"
        WEEKLY = "weekly", "Weekly re-screen"
        SYMPTOMS = "symptoms", "New symptoms logged"
        RUNNER = "runner", "Asked by the runner"

    TIERS: ClassVar[list[tuple[int, str]]] = [(t.value, t.name) for t in Tier]

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="screens")
    form = models.CharField(max_length=8, choices=Form.choices)
    trigger = models.CharField(max_length=12, choices=Trigger.choices, default=Trigger.RUNNER)
    tier = models.PositiveSmallIntegerField(choices=TIERS)
    positives = models.JSONField(default=list, help_text="the positive flags as shown")
    knowledge_version = models.CharField(max_length=20)
    answered_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-answered_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["runner", "form", "answered_at"])
        ]

    def __str__(self) -> str:
        return f"{self.form} screen of {self.runner} at {self.answered_at:%Y-%m-%d %H:%M}"

    @property
    def tier_enum(self) -> Tier:
        return Tier(self.tier)


class ScreenAnswer(models.Model):
    """One answer of a screen, with the question as it was asked."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNSURE = "unsure", "Unsure"

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=8)
    question = models.TextField()
    answer = models.CharField(max_length=8, choices=Answer.choices)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["screen", "question_id"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.answer}"


class Acknowledgement(models.Model):
    """A runner's acknowledgement of a screen outcome or confirmation of clinical clearance.

    ``CLEARED`` is the confirmation that a clinician has checked the runner since the screen;
    it lifts the blocks of every screen answered before ``confirmed_at``.
    """

    class Kind(models.TextChoices):
        READ = "read", "Read the advice"
        CLEARED = "cleared", "Confirmed a clinician has cleared them"

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="acknowledgements")
    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="acknowledgements")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-confirmed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} by {self.runner} at {self.confirmed_at:%Y-%m-%d %H:%M}"


class PainProfileEntry(models.Model):
    """One answered pain-profile questionnaire (the latest is the current profile)."""

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="pain_profiles")
    data = models.JSONField()
    answered_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-answered_at", "-pk"]

    def __str__(self) -> str:
        return f"pain profile of {self.runner} at {self.answered_at:%Y-%m-%d}"


class InstrumentResponse(models.Model):
    """One scored questionnaire: the answers as given and the score as computed then."""

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="instrument_responses")
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="instrument_entries"
    )
    instrument = models.CharField(max_length=32)
    version = models.CharField(max_length=60)
    answers = models.JSONField()
    score = models.FloatField()
    subscores = models.JSONField(default=dict)
    category = models.CharField(max_length=32, blank=True)
    interpretation = models.TextField()
    source = models.TextField(help_text="the sources cited by the knowledge file, '; '-separated")
    notes = models.JSONField(default=list)
    answered_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-answered_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["runner", "instrument", "answered_at"])
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.score:g} of {self.runner}"


NOTE_MAX_LENGTH = 1000
"""The longest clinician's note on a self-test result."""


class SelfTestResult(models.Model):
    """One recorded self-test and its comparison with the norms at the time."""

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="self_test_results")
    entered_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="self_test_entries",
        help_text="the clinician who entered a clinical test result; empty when the runner did",
    )
    test = models.CharField(max_length=40)
    name = models.CharField(max_length=120)
    values = models.JSONField()
    sex = models.CharField(max_length=8, blank=True, help_text="sex used for sex-specific norms")
    findings = models.JSONField(default=list)
    caveats = models.JSONField(default=list)
    source = models.TextField()
    evidence = models.CharField(max_length=20)
    note = models.TextField(
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        help_text="the entering clinician's note on the test (optional)",
    )
    answered_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-answered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} of {self.runner} at {self.answered_at:%Y-%m-%d}"
