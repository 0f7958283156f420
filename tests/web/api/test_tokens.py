"""Personal API tokens: made on /api/tokens/, shown once, stored as a hash, revocable."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.api.models import ApiToken
from backstride_web.api.tokens import create_token, find_token
from tests.web.api.conftest import token_for

URL = reverse("api:tokens")
ACTIVITIES = reverse("api-v1:list_activities")


def _make(client: Client, **data: str) -> str:
    response = client.post(URL, {"name": "sync script", "scope": "read", **data})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    match = re.search(r'data-testid="new-token">(bst_[A-Za-z0-9_-]+)<', response.content.decode())
    assert match, "the new token is shown once"
    return match[1]


def test_it_makes_a_token_that_is_shown_once_and_stored_as_a_hash(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    token = _make(client)
    row = ApiToken.objects.get(user=runner)
    assert row.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {row.name, row.prefix, row.secret_hash}
    assert token.startswith(row.prefix)
    assert row.scope == "read"
    assert row.expires_at is None
    page = client.get(URL).content.decode()
    assert token not in page
    assert row.prefix in page


def test_a_token_lets_a_script_in(runner: User, client_for: Callable[[User], Client]) -> None:
    token = _make(client_for(runner), valid_for="30")
    response = Client().get(ACTIVITIES, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    row = ApiToken.objects.get(user=runner)
    assert row.last_used_at is not None
    assert row.expires_at is not None
    assert row.expires_at - row.created_at == datetime.timedelta(days=30)


def test_the_page_links_from_the_runners_profile(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    assert URL in client_for(runner).get(reverse("accounts:profile")).content.decode()


def test_a_token_needs_a_name(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).post(URL, {"name": "", "scope": "read"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "This field is required." in response.content.decode()


def test_revoking_stops_the_token_at_once(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    token = _make(client)
    row = ApiToken.objects.get(user=runner)
    response = client.post(reverse("api:revoke_token", kwargs={"token_id": row.pk}))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    answer = Client().get(ACTIVITIES, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"


def test_nobody_revokes_someone_elses_token(
    runner: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    row = create_token(runner, name="x", scope="read", now=timezone.now(), valid_days=None).row
    response = client_for(stranger).post(reverse("api:revoke_token", kwargs={"token_id": row.pk}))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_an_expired_token_is_refused(runner: User) -> None:
    made = create_token(
        runner,
        name="old",
        scope="write",
        now=timezone.now() - datetime.timedelta(days=31),
        valid_days=30,
    )
    assert find_token(made.token, now=timezone.now()) is None
    response = Client().get(ACTIVITIES, headers={"Authorization": f"Bearer {made.token}"})
    assert response.status_code == 401


def test_a_deactivated_accounts_token_is_refused(runner: User) -> None:
    token = token_for(runner)
    runner.is_active = False
    runner.save()
    response = Client().get(ACTIVITIES, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_made_up_token_is_refused(runner: User) -> None:
    for token in ("bst_" + "A" * 43, "not-even-ours", "bst_"):
        response = Client().get(ACTIVITIES, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
