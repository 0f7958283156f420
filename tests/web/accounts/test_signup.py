from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import RunnerProfile, User

URL = reverse("accounts:signup")
GOOD = {
    "email": "New.Runner@Example.org",
    "display_name": "Nia",
    "role": "runner",
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
}


@pytest.mark.django_db
def test_it_creates_a_runner_with_a_profile_and_logs_in() -> None:
    client = Client()
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    # A new runner answers the onboarding safety screen first, then fills in the profile.
    assert response["Location"] == (
        reverse("assessments:screen") + "?next=" + reverse("accounts:profile").replace("/", "%2F")
    )
    user = User.objects.get()
    assert user.email == "new.runner@example.org"
    assert user.is_runner
    assert RunnerProfile.objects.filter(user=user).exists()
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    assert client.get(reverse("assessments:screen")).status_code == 200


@pytest.mark.django_db
def test_a_clinician_gets_no_runner_profile() -> None:
    response = Client().post(URL, {**GOOD, "role": "clinician"})
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    assert not RunnerProfile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"password2": "something else entirely"}, "password2", "match"),
        ({"password1": "123", "password2": "123"}, "password2", "too short"),
        ({"role": "admin"}, "role", "Select a valid choice"),
        ({"email": ""}, "email", "This field is required."),
    ],
)
def test_it_shows_field_errors_and_saves_nothing(
    change: dict[str, str], field: str, message: str
) -> None:
    response = Client().post(URL, {**GOOD, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_a_second_account_for_the_same_address(runner: User) -> None:
    response = Client().post(URL, {**GOOD, "email": "RUNNER@example.org"})
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["email"][0]
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_field_errors_are_linked_to_their_inputs() -> None:
    """Screen readers read an error because the input's aria-describedby names its list."""
    import re

    body = Client().post(URL, {**GOOD, "email": "nope"}).content.decode()
    described = re.search(r'<input[^>]*name="email"[^>]*aria-describedby="([^"]+)"', body)
    assert described is not None
    for target in described.group(1).split():
        assert f'id="{target}"' in body, target
