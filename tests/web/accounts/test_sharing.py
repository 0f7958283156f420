from __future__ import annotations

from collections.abc import Callable

from django.core import mail
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import AccessLog, CareGrant, Invitation, User
from tests.factories import make_clinician

SHARING = reverse("accounts:sharing")
ACCEPT = reverse("accounts:accept_invitation")


def _profile(runner: User) -> str:
    return reverse("accounts:runner_profile", kwargs={"runner_id": runner.pk})


def test_invite_by_code_accept_view_and_revoke(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    physio = make_clinician("new-physio@example.org")
    runner_client, physio_client = client_for(runner), client_for(physio)
    assert physio_client.get(_profile(runner)).status_code == 404

    runner_client.post(reverse("accounts:invite"), {"email": "", "scope": "read"})
    code = Invitation.objects.get().code
    assert physio_client.post(ACCEPT, {"code": code.lower().replace("-", " ")}).status_code == 302
    grant = CareGrant.objects.get(runner=runner, clinician=physio, revoked_at__isnull=True)
    assert physio_client.get(_profile(runner)).status_code == 200

    log = AccessLog.objects.get(runner=runner, clinician=physio)
    assert log.path == _profile(runner)
    assert _profile(runner) in runner_client.get(SHARING).content.decode()

    runner_client.post(reverse("accounts:revoke", kwargs={"grant_id": grant.pk}))
    assert physio_client.get(_profile(runner)).status_code == 404
    assert AccessLog.objects.count() == 1


def test_an_emailed_invitation_is_for_that_address_only(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    intended = make_clinician("intended@example.org")
    other = make_clinician("other@example.org")
    client_for(runner).post(
        reverse("accounts:invite"), {"email": "Intended@Example.org", "scope": "comment"}
    )
    assert len(mail.outbox) == 1
    code = Invitation.objects.get().code
    assert code in mail.outbox[0].body
    response = client_for(other).post(ACCEPT, {"code": code})
    assert "another e-mail address" in response.context["form"].errors["code"][0]
    client_for(intended).post(ACCEPT, {"code": code})
    assert CareGrant.objects.get(clinician=intended).scope == "comment"
    again = client_for(intended).post(ACCEPT, {"code": code})
    assert "unknown, used or expired" in again.context["form"].errors["code"][0]


def test_bad_codes_and_bad_forms_are_field_errors(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).post(ACCEPT, {"code": "ZZZZ-9999"})
    assert "unknown" in response.context["form"].errors["code"][0]
    bad = client_for(runner).post(reverse("accounts:invite"), {"email": "nope", "scope": "all"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"email", "scope"}
    assert not Invitation.objects.exists()


def test_only_the_owner_can_revoke_or_cancel(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    grant = CareGrant.objects.get(runner=runner, clinician=clinician)
    assert (
        client_for(stranger)
        .post(reverse("accounts:revoke", kwargs={"grant_id": grant.pk}))
        .status_code
        == 404
    )
    client_for(runner).post(reverse("accounts:invite"), {"email": "", "scope": "read"})
    invitation = Invitation.objects.get()
    url = reverse("accounts:cancel_invitation", kwargs={"invitation_id": invitation.pk})
    assert client_for(stranger).post(url).status_code == 404
    assert client_for(runner).post(url).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_runners_cannot_accept_and_clinicians_cannot_invite(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(runner).get(ACCEPT).status_code == 404
    assert client_for(clinician).get(SHARING).status_code == 404
