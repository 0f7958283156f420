from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User

URL = reverse("plans:routines")


def test_it_shows_the_four_routines_with_why_and_sources(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(runner).get(URL).content.decode()
    assert page.count('class="card routine"') == 4
    assert "Why:" in page
    assert "Kett" in page or "Bishop" in page
    assert reverse("plans:exercise", kwargs={"exercise_id": "bird_dog"}) in page


def test_clinicians_get_404_and_anonymous_log_in(
    clinician: User, client_for: Callable[[User], Client], client: Client
) -> None:
    assert client_for(clinician).get(URL)["Location"] == reverse("pages:home")  # choose a runner
    assert client.get(URL).status_code == 302
