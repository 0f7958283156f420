"""A runner without a completed full screen is sent to it from every page but a few."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from tests.factories import make_runner
from tests.web.assessments.helpers import all_no

SCREEN = reverse("assessments:screen")


@pytest.fixture
def newcomer(db: None) -> User:
    return make_runner("new@example.org", screened=False)


@pytest.mark.parametrize(
    "url",
    [
        reverse("pages:home"),
        reverse("accounts:profile"),
        reverse("jobs:list"),
        reverse("assessments:home"),
        reverse("assessments:weekly_screen"),
        reverse("assessments:pain_profile"),
        reverse("assessments:instruments"),
        reverse("assessments:self_tests"),
        reverse("assessments:clearance"),
        reverse("accounts:password_change"),
        "/no/such/page/",
    ],
)
def test_every_page_sends_an_unscreened_runner_to_the_screen(
    newcomer: User, client_for: Callable[[User], Client], url: str
) -> None:
    response = client_for(newcomer).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(SCREEN + "?next=")


def test_a_post_elsewhere_is_refused_too(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(newcomer).post(reverse("accounts:profile"), {"units": "km"})
    assert response.status_code == 302
    assert response["Location"] == SCREEN


def test_htmx_requests_get_a_full_page_redirect(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(newcomer).get(reverse("jobs:list"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(SCREEN)


@pytest.mark.parametrize(
    "url", [SCREEN, reverse("assessments:safety_net"), "/static/backstride/app.css"]
)
def test_the_screen_safety_net_and_static_files_stay_reachable(
    newcomer: User, client_for: Callable[[User], Client], url: str
) -> None:
    response = client_for(newcomer).get(url)
    assert response.status_code in (200, 404)  # static files are served by whitenoise
    assert not response.has_header("Location")


def test_log_out_stays_reachable(newcomer: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(newcomer).post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not response["Location"].startswith(SCREEN)


def test_after_the_screen_the_runner_goes_back_where_they_were(
    newcomer: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(newcomer)
    target = client.get(reverse("accounts:profile"))["Location"]
    assert target == SCREEN + "?next=%2Faccounts%2Fprofile%2F"
    form_page = client.get(target).content.decode()
    assert 'name="next" value="/accounts/profile/"' in form_page
    response = client.post(SCREEN, {**all_no(), "next": "/accounts/profile/"})
    assert response["Location"] == "/accounts/profile/"
    assert client.get(reverse("pages:home")).status_code == 200


def test_clinicians_and_visitors_are_not_screened(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(reverse("pages:home")).status_code == 200
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200


def test_a_screened_runner_costs_no_extra_query_after_the_first_page(
    runner: User,
    client_for: Callable[[User], Client],
    django_assert_num_queries: Callable[..., object],
) -> None:
    client = client_for(runner)
    client.get(reverse("assessments:safety_net"))
    client.get(reverse("jobs:list"))
    with django_assert_num_queries(3):  # session, user, the page's own job list
        client.get(reverse("jobs:list"))
