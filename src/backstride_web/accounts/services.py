"""Account actions the views and the CLI share: sign-up and the log-in rate limiter."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from backstride_web.accounts import files
from backstride_web.accounts.access import may_comment
from backstride_web.accounts.models import (
    CareGrant,
    ClinicianNote,
    Invitation,
    LoginFailure,
    Role,
    RunnerProfile,
    User,
)

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


INVITATION_DAYS = 14
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


@transaction.atomic
def invite_clinician(runner: User, *, email: str, scope: str, now: datetime) -> Invitation:
    """Create an invitation; with an e-mail address the code is sent there."""
    invitation = Invitation.objects.create(
        runner=runner,
        email=email.strip().lower(),
        code=_new_code(),
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    if invitation.email:
        name = runner.display_name or runner.email
        send_mail(
            subject=f"{name} shares their backstride data with you",
            message=(
                f"{name} invites you to see their running and back-pain data in backstride "
                f"({CareGrant.Scope(scope).label.lower()}).\n\n"
                f"Log in as a clinician and enter the code {invitation.code} under "
                f"Accept an invitation. The code works once and expires in {INVITATION_DAYS} days."
            ),
            from_email=None,
            recipient_list=[invitation.email],
        )
    return invitation


class InvitationError(ValueError):
    """An invitation code that cannot be accepted; the message says why."""


@transaction.atomic
def accept_invitation(clinician: User, code: str, *, now: datetime) -> CareGrant:
    if not clinician.is_clinician:
        raise InvitationError("Only a clinician account can accept an invitation.")
    normalised = code.strip().upper().replace(" ", "")
    if len(normalised) == 8:
        normalised = f"{normalised[:4]}-{normalised[4:]}"
    invitation = Invitation.objects.select_for_update().filter(code=normalised).first()
    if invitation is None or not invitation.is_open(now):
        raise InvitationError(
            "This code is unknown, used or expired. Ask the runner for a new one."
        )
    if invitation.email and invitation.email != clinician.email.lower():
        raise InvitationError("This invitation was sent to another e-mail address.")
    grant = CareGrant.objects.filter(
        runner=invitation.runner, clinician=clinician, revoked_at__isnull=True
    ).first()
    if grant is None:
        grant = CareGrant.objects.create(
            runner=invitation.runner, clinician=clinician, scope=invitation.scope, created_at=now
        )
    else:
        grant.scope = invitation.scope
        grant.save(update_fields=["scope"])
    invitation.accepted_at = now
    invitation.accepted_by = clinician
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return grant


def revoke_grant(runner: User, grant_id: int, *, now: datetime) -> CareGrant:
    """End a clinician's access at once; raises CareGrant.DoesNotExist for others' grants."""
    grant = CareGrant.objects.get(pk=grant_id, runner=runner, revoked_at__isnull=True)
    grant.revoked_at = now
    grant.save(update_fields=["revoked_at"])
    return grant


def cancel_invitation(runner: User, invitation_id: int, *, now: datetime) -> Invitation:
    invitation = Invitation.objects.get(
        pk=invitation_id, runner=runner, accepted_at__isnull=True, cancelled_at__isnull=True
    )
    invitation.cancelled_at = now
    invitation.save(update_fields=["cancelled_at"])
    return invitation


class NoteError(ValueError):
    """A note that cannot be stored; the message names the problem."""


def add_clinician_note(author: User, runner: User, text: str, *, now: datetime) -> ClinicianNote:
    """Store a clinician's note on a runner; only a grant with comments allows it."""
    if not may_comment(author, runner):
        raise PermissionError("Only a clinician whose access includes comments can add a note.")
    cleaned = text.strip()
    if not cleaned:
        raise NoteError("text: the note is empty.")
    if len(cleaned) > ClinicianNote.MAX_LENGTH:
        raise NoteError(f"text: keep the note under {ClinicianNote.MAX_LENGTH} characters.")
    return ClinicianNote.objects.create(
        runner=runner,
        author=author,
        author_name=str(author)[:254],
        text=cleaned,
        created_at=now,
    )


def delete_account(user: User) -> dict[str, int]:
    """Delete the account and everything derived from it: rows (by cascade) and files on
    storage (uploads, originals, exports, files of its rows such as gait videos).

    The files are listed first, the database goes next in one transaction: if it fails,
    nothing is gone. Files are removed afterwards; a file that cannot be removed raises,
    it is never silently kept.
    """
    user_id = user.pk
    names = files.owned_files(user)
    with transaction.atomic():
        _total, per_model = user.delete()
    removed = files.delete_files(user_id, names)
    return {"rows": sum(per_model.values()), "files": removed}
