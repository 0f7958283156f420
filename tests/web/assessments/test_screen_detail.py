"""A screen's outcome page: the runner and their clinician see it; strangers get 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.assessments import services
from backstride_web.assessments.models import Acknowledgement, Screen
from tests.web.assessments.helpers import positive


@pytest.fixture
def emergency(runner: User) -> Screen:
    return services.record_screen(runner, positive("R3"), short=False, now=timezone.now())


@pytest.fixture
def urgent(runner: User) -> Screen:
    return services.record_screen(runner, positive("R9"), short=False, now=timezone.now())


def test_the_runner_sees_the_full_screen_emergency_page_with_reasons(
    emergency: Screen, runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(reverse("assessments:screen_detail", args=[emergency.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Go to emergency care now" in page
    assert emergency.positives[0]["reason"] in page
    assert "I have read this and I am getting help" in page
    assert reverse("assessments:clearance") in page
    assert "Back passage" in page or "back passage" in page


def test_an_urgent_outcome_says_see_a_doctor_and_walking_is_fine(
    urgent: Screen, runner: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(runner).get(reverse("assessments:screen_detail", args=[urgent.pk]))
    text = page.content.decode()
    assert "See a doctor within 24-48 hours" in text
    assert "Walking: allowed" in text
    assert "Running: <strong>paused</strong>" in text


def test_a_routine_outcome_keeps_the_programme(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    from backstride.assess import redflags

    flag = next(q.id for q in redflags.questions() if q.tier is redflags.Tier.ROUTINE)
    screen = services.record_screen(runner, positive(flag), short=False, now=timezone.now())
    text = client_for(runner).get(reverse("assessments:screen_detail", args=[screen.pk]))
    page = text.content.decode()
    assert "Book a GP or physiotherapist" in page
    assert "Running: allowed" in page


def test_the_clinician_sees_it_read_only(
    emergency: Screen, clinician: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).get(reverse("assessments:screen_detail", args=[emergency.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Go to emergency care now" in page
    assert reverse("assessments:acknowledge", args=[emergency.pk]) not in page
    ack = client_for(clinician).post(reverse("assessments:acknowledge", args=[emergency.pk]))
    assert ack.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_strangers_get_404_and_visitors_log_in(
    emergency: Screen, stranger: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("assessments:screen_detail", args=[emergency.pk])
    assert client_for(stranger).get(url).status_code == 404
    assert (
        client_for(stranger)
        .post(reverse("assessments:acknowledge", args=[emergency.pk]))
        .status_code
        == 404
    )
    assert Client().get(url)["Location"].startswith(reverse("accounts:login"))


def test_acknowledging_is_stored_with_a_timestamp(
    emergency: Screen, runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    assert client.get(reverse("assessments:acknowledge", args=[emergency.pk])).status_code == 405
    response = client.post(reverse("assessments:acknowledge", args=[emergency.pk]))
    assert response.status_code == 302
    ack = Acknowledgement.objects.get()
    assert (ack.kind, ack.screen, ack.runner) == ("read", emergency, runner)
    assert ack.confirmed_at is not None
