from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User

NEW = "a brand new long passphrase"


def test_the_reset_link_sets_a_new_password(runner: User) -> None:
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": runner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    response = client.post(page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password(NEW)


def test_an_unknown_address_sends_nothing_and_says_the_same(runner: User) -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_bad_token_says_the_link_no_longer_works(runner: User) -> None:
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    assert "no longer works" in Client().get(url).content.decode()
