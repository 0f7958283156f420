"""Account actions the views and the CLI share: sign-up and the log-in rate limiter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from backstride_web.accounts.models import LoginFailure, Role, RunnerProfile, User

# An address shared by many people (a clinic's NAT) may fail more often than one account.
IP_FAILURE_FACTOR = 4


@transaction.atomic
def create_account(
    *, email: str, password: str | None, role: str = Role.RUNNER, display_name: str = ""
) -> User:
    """Create a user and, for a runner, the empty profile the onboarding fills in."""
    user = User.objects.create_user(
        email=email, password=password, role=role, display_name=display_name
    )
    if user.is_runner:
        RunnerProfile.objects.create(user=user)
    return user


@dataclass(frozen=True)
class Lockout:
    retry_after_s: int

    @property
    def minutes(self) -> int:
        return max(1, -(-self.retry_after_s // 60))


def login_lockout(email: str, ip_address: str | None, *, now: datetime) -> Lockout | None:
    """Return the lock-out in force for this e-mail or address, or ``None``."""
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_S)
    recent = LoginFailure.objects.filter(at__gt=now - window)
    limits = [(recent.filter(email=email.strip().lower()), settings.LOGIN_MAX_FAILURES)]
    if ip_address:
        limits.append(
            (recent.filter(ip_address=ip_address), settings.LOGIN_MAX_FAILURES * IP_FAILURE_FACTOR)
        )
    for failures, limit in limits:
        times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            oldest_counted = times[-1]
            return Lockout(retry_after_s=int((oldest_counted + window - now).total_seconds()) + 1)
    return None


def record_login_failure(email: str, ip_address: str | None, *, now: datetime) -> None:
    LoginFailure.objects.create(email=email.strip().lower()[:254], ip_address=ip_address, at=now)


def clear_login_failures(email: str) -> None:
    LoginFailure.objects.filter(email=email.strip().lower()).delete()
