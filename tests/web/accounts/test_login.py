from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from backstride_web.accounts.models import LoginFailure, User
from tests.factories import PASSWORD

URL = reverse("accounts:login")


def test_it_logs_in_by_email_in_any_case(runner: User) -> None:
    client = Client()
    response = client.post(URL, {"username": "Runner@Example.ORG", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    assert client.session["_auth_user_id"] == str(runner.pk)


def test_a_wrong_password_is_a_form_error(runner: User) -> None:
    response = Client().post(URL, {"username": runner.email, "password": "wrong"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert LoginFailure.objects.filter(email=runner.email).count() == 1


@pytest.mark.django_db
def test_empty_fields_get_field_errors() -> None:
    response = Client().post(URL, {"username": "", "password": ""})
    form = response.context["form"]
    assert form.errors["username"] == ["This field is required."]
    assert form.errors["password"] == ["This field is required."]


@override_settings(LOGIN_MAX_FAILURES=3)
def test_wrong_passwords_are_rate_limited_even_for_the_right_one(runner: User) -> None:
    client = Client()
    for _ in range(3):
        client.post(URL, {"username": runner.email, "password": "wrong"})
    response = client.post(URL, {"username": runner.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_MAX_FAILURES=2)
def test_many_addresses_from_one_ip_are_rate_limited(runner: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(8):  # 2 x IP_FAILURE_FACTOR
        client.post(URL, {"username": f"guess{number}@example.org", "password": "x"})
    response = client.post(URL, {"username": runner.email, "password": PASSWORD})
    assert "Too many failed log-ins" in response.content.decode()
    other_place = Client(REMOTE_ADDR="198.51.100.7")
    response = other_place.post(URL, {"username": runner.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_login_clears_earlier_failures(runner: User) -> None:
    client = Client()
    client.post(URL, {"username": runner.email, "password": "wrong"})
    client.post(URL, {"username": runner.email, "password": PASSWORD})
    assert not LoginFailure.objects.filter(email=runner.email).exists()


def test_a_post_without_csrf_token_is_rejected(runner: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"username": runner.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_log_in(runner: User) -> None:
    runner.is_active = False
    runner.save()
    response = Client().post(URL, {"username": runner.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session
