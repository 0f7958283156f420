"""The clearance confirmation: only the runner, only when a screen waits for it."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.assessments import services
from backstride_web.assessments.models import Acknowledgement
from tests.web.assessments.helpers import positive

URL = reverse("assessments:clearance")


def test_it_lists_the_waiting_screens_and_records_the_confirmation(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    services.record_screen(runner, positive("R9"), short=False, now=timezone.now())
    client = client_for(runner)
    assert "waiting for a clinician" in client.get(URL).content.decode()
    response = client.post(URL, {"confirm": "on", "note": "Seen by Dr Lee"})
    assert response["Location"] == reverse("assessments:home")
    assert Acknowledgement.objects.get().kind == "cleared"


def test_the_box_must_be_ticked(runner: User, client_for: Callable[[User], Client]) -> None:
    services.record_screen(runner, positive("R9"), short=False, now=timezone.now())
    response = client_for(runner).post(URL, {"note": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert 'id="id_confirm_error"' in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_a_too_long_note_is_refused(runner: User, client_for: Callable[[User], Client]) -> None:
    services.record_screen(runner, positive("R9"), short=False, now=timezone.now())
    response = client_for(runner).post(URL, {"confirm": "on", "note": "x" * 301})
    assert response.context["form"].errors["note"]
    assert not Acknowledgement.objects.exists()


def test_nothing_to_clear_is_an_error(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).post(URL, {"confirm": "on"})
    assert response.status_code == 200
    assert "waiting" in str(response.context["form"].errors["confirm"])
    assert not Acknowledgement.objects.exists()


def test_only_the_runner_confirms(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    services.record_screen(runner, positive("R1"), short=False, now=timezone.now())
    assert client_for(clinician).post(URL, {"confirm": "on"}).status_code == 404
    assert (
        client_for(stranger).post(URL, {"confirm": "on"}).status_code == 200
    )  # own, nothing waits
    assert Client().post(URL, {"confirm": "on"})["Location"].startswith(reverse("accounts:login"))
    assert not Acknowledgement.objects.filter(runner=runner).exists()
