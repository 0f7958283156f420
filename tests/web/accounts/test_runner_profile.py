from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User


def _url(user: User) -> str:
    return reverse("accounts:runner_profile", kwargs={"runner_id": user.pk})


def test_a_runner_sees_their_own_profile(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    runner.runner_profile.other_sports = "rugby"
    runner.runner_profile.save()
    response = client_for(runner).get(_url(runner))
    assert response.status_code == 200
    assert "rugby" in response.content.decode()


def test_a_clinician_with_a_grant_sees_it(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(_url(runner)).status_code == 200


def test_a_stranger_gets_404_without_data(
    runner: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    runner.runner_profile.other_sports = "secret-sport"
    runner.runner_profile.save()
    response = client_for(stranger).get(_url(runner))
    assert response.status_code == 404
    assert "secret-sport" not in response.content.decode()
    assert runner.email not in response.content.decode()


def test_a_revoked_grant_means_404(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    grant = runner.grants_given.get()
    grant.revoked_at = grant.created_at
    grant.save()
    assert client_for(clinician).get(_url(runner)).status_code == 404


def test_a_clinician_without_a_grant_gets_404(
    stranger: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(_url(stranger)).status_code == 404


def test_an_unknown_runner_is_404_too(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).get(
        reverse("accounts:runner_profile", kwargs={"runner_id": 99999})
    )
    assert response.status_code == 404
