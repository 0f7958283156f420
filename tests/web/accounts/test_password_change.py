from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from tests.factories import PASSWORD

URL = reverse("accounts:password_change")
NEW = "another quite long passphrase"


def test_it_changes_the_password(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).post(
        URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password(NEW)


def test_a_wrong_old_password_is_a_field_error(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(
        URL, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    runner.refresh_from_db()
    assert runner.check_password(PASSWORD)
