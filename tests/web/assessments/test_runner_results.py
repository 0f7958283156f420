"""The results overview: the runner and the clinicians they shared with see it; nobody else."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import CareGrant, User
from backstride_web.assessments import services


def _fill(runner: User) -> None:
    now = timezone.now()
    services.record_instrument(
        runner,
        "startback",
        {**{str(n): "disagree" for n in range(1, 9)}, "9": "slightly"},
        entered_by=runner,
        now=now,
    )
    services.record_self_test(
        runner, "modified_thomas", {"thigh_level_left": False, "thigh_level_right": False}, now=now
    )


def test_the_runner_and_clinician_see_the_same_results(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    _fill(runner)
    url = reverse("assessments:runner_results", args=[runner.pk])
    mine = client_for(runner).get(url).content.decode()
    theirs = client_for(clinician).get(url)
    assert theirs.status_code == 200
    page = theirs.content.decode()
    for text in ("Keele STarT Back Screening Tool", "low", "Modified Thomas test", "No red flags"):
        assert text in mine
        assert text in page
    assert "Read-only" in page
    assert reverse("assessments:runner_instrument", args=[runner.pk, "rmdq"]) in page


def test_the_clinicians_assess_home_lists_shared_runners(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(clinician).get(reverse("assessments:home")).content.decode()
    assert reverse("assessments:runner_results", args=[runner.pk]) in page
    assert reverse("assessments:runner_results", args=[stranger.pk]) not in page


def test_strangers_revoked_clinicians_and_visitors_get_nothing(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("assessments:runner_results", args=[runner.pk])
    assert client_for(stranger).get(url).status_code == 404
    CareGrant.objects.filter(clinician=clinician).update(revoked_at=timezone.now())
    assert client_for(clinician).get(url).status_code == 404
    assert Client().get(url)["Location"].startswith(reverse("accounts:login"))
    assert (
        client_for(runner).get(reverse("assessments:runner_results", args=[99999])).status_code
        == 404
    )


def test_the_runners_assess_home_shows_status_and_results(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    _fill(runner)
    page = client_for(runner).get(reverse("assessments:home")).content.decode()
    assert "Plans and exercises are open." in page
    assert "Keele STarT Back Screening Tool" in page
    assert 'aria-current="page"' in page
