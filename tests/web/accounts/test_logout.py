from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User


def test_it_logs_out_on_post(runner: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(runner)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_get_does_not_log_out(runner: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(runner)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
