"""Personal API tokens: a runner's or clinician's key for scripts and other apps.

Only a SHA-256 hash of a token is stored; the token itself is shown once, when it is made.
Tokens are random (256 bits), so an unsalted fast hash is enough: nothing can be guessed
from it, and it lets a request find its token with one indexed lookup.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=60)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=16, help_text="the token's first characters, shown")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "-created_at"], name="api_token_user"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user_id}"

    @property
    def scopes(self) -> frozenset[str]:
        """What the token may do: ``{"read"}`` or ``{"read", "write"}``."""
        return frozenset({"read", "write"} if self.scope == Scope.WRITE else {"read"})

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)
