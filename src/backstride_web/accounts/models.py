"""Accounts: people (runners and clinicians), runners' profiles, and care grants."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    RUNNER = "runner", "Runner"
    CLINICIAN = "clinician", "Clinician or coach"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address, as a runner or a clinician."""

    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField("name", max_length=80, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.RUNNER)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_runner(self) -> bool:
        return self.role == Role.RUNNER

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNSAID = "unsaid", "Prefer not to say"


class GoalRace(models.TextChoices):
    NONE = "none", "No race yet"
    FIVE_K = "5k", "5 km"
    TEN_K = "10k", "10 km"
    HALF = "half", "Half marathon"
    MARATHON = "marathon", "Marathon"
    TRIATHLON = "triathlon", "Triathlon"


class Units(models.TextChoices):
    KM = "km", "Kilometres"
    MI = "mi", "Miles"


class WorkPattern(models.TextChoices):
    DESK = "desk", "Mostly sitting (desk, study, driving)"
    MIXED = "mixed", "Mixed sitting and standing"
    STANDING = "standing", "Mostly standing or walking"
    MANUAL = "manual", "Heavy manual work"


class RunnerProfile(models.Model):
    """What a runner tells us about themselves; every field but units is optional."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="runner_profile")
    birth_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    height_cm = models.PositiveSmallIntegerField(
        "height (cm)",
        null=True,
        blank=True,
        validators=[MinValueValidator(100), MaxValueValidator(250)],
    )
    weight_kg = models.DecimalField(
        "weight (kg)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(250)],
    )
    running_years = models.PositiveSmallIntegerField(
        "years of running", null=True, blank=True, validators=[MaxValueValidator(80)]
    )
    weekly_distance_km = models.DecimalField(
        "usual weekly distance (km)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(400)],
    )
    other_sports = models.CharField(max_length=200, blank=True)
    goal_race = models.CharField(max_length=12, choices=GoalRace.choices, default=GoalRace.NONE)
    goal_date = models.DateField(null=True, blank=True)
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KM)
    work_pattern = models.CharField(max_length=10, choices=WorkPattern.choices, blank=True)
    sitting_hours_per_day = models.DecimalField(
        "sitting hours on a work day",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"

    @property
    def completeness_pct(self) -> int:
        fields = [
            self.birth_year,
            self.sex,
            self.height_cm,
            self.weight_kg,
            self.running_years,
            self.weekly_distance_km,
            self.goal_race != GoalRace.NONE or None,
            self.work_pattern,
            self.sitting_hours_per_day,
        ]
        filled = sum(1 for value in fields if value not in (None, ""))
        return round(100 * filled / len(fields))


class CareGrant(models.Model):
    """A runner's permission for a clinician to see their data.

    The sharing issue adds invitations, scopes beyond read and the audit log; every view
    that shows a runner's data already goes through :func:`access.visible_runners`.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        COMMENT = "comment", "Read and comment"
        EDIT_PLAN = "edit_plan", "Read and edit the plan"

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants_given")
    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants_received")
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["runner", "clinician"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_grant_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.runner} → {self.clinician} ({self.scope})"


class LoginFailure(models.Model):
    """One failed log-in, kept for the rate limiter (in the database, so every web
    process of a clinic deployment sees the same count)."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.email} from {self.ip_address} at {self.at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """A runner's offer of access to a clinician, accepted with its code.

    With ``email`` set only the clinician with that address can accept it (the code is
    sent to them); without, the runner passes the code on themself. A code works once
    and expires after :data:`INVITATION_DAYS`.
    """

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(blank=True)
    code = models.CharField(max_length=16, unique=True)
    scope = models.CharField(max_length=12, choices=CareGrant.Scope.choices)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation {self.code} from {self.runner}"

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and now < self.expires_at


class AccessLog(models.Model):
    """What a clinician looked at or changed in a runner's data (shown to the runner)."""

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_log")
    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-at",)

    def __str__(self) -> str:
        return f"{self.clinician} {self.method} {self.path}"

    @property
    def changed(self) -> bool:
        return self.method not in ("GET", "HEAD")


class ClinicianNote(models.Model):
    """A note a clinician wrote about a runner; the runner sees it, marked with its author.

    Only a clinician whose grant allows comments writes one (:func:`access.may_comment`);
    the note stays when the grant ends, because it is part of the runner's record.
    """

    MAX_LENGTH = 4000

    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="clinician_notes")
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="notes_written"
    )
    author_name = models.CharField(
        max_length=254, help_text="the author's name when written, kept if the account goes"
    )
    text = models.TextField(max_length=MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"note by {self.author_name} on {self.runner} at {self.created_at:%Y-%m-%d}"
