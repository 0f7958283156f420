from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from backstride.cli import app
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary.analysis import analyse_runner
from tests.factories import make_warm_up_diary

URL = reverse("diary:analysis")


def test_the_warm_up_difference_is_found_with_its_uncertainty(runner: User) -> None:
    make_warm_up_diary(runner)
    found = analyse_runner(runner, now=timezone.now()).analysis
    warmup = next(c for c in found.comparisons if c.condition.startswith("warm-up"))
    assert warmup.yes.n_runs == 8
    assert warmup.yes.median_min is None  # never had pain: not reached
    assert warmup.no.median_min is not None
    assert 4 <= warmup.no.median_min <= 9
    assert warmup.logrank is not None
    assert warmup.logrank.p_value < 0.01
    texts = " ".join(card.text for card in found.insights)
    assert "not reached" in texts
    assert "Small sample" in texts


def test_runs_without_a_diary_answer_are_missing_not_pain_free(runner: User) -> None:
    make_warm_up_diary(runner, n=6)
    Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=datetime(2026, 1, 1, tzinfo=UTC),
        elapsed_s=1800,
        source_name="x",
        source_format="manual",
        source_sha256="x" * 64,
    )
    found = analyse_runner(runner, now=timezone.now()).analysis
    assert found.n_runs == 7
    assert found.n_diary_runs == 6


def test_the_page_shows_cards_curves_and_the_model(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    make_warm_up_diary(runner)
    body = client_for(runner).get(URL).content.decode()
    assert "How long you run pain-free" in body
    assert body.count("<svg") >= 3
    assert "Pain-free running: warm-up 10+ min" in body
    assert "does not diagnose" in body


def test_the_diary_page_shows_the_top_cards(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    make_warm_up_diary(runner)
    body = client_for(runner).get(reverse("diary:timeline")).content.decode()
    assert 'class="card insight' in body
    assert reverse("diary:analysis") in body


def test_an_empty_diary_still_renders(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).get(URL)
    assert response.status_code == 200
    assert "Log pain" in response.content.decode()


def test_clinician_yes_stranger_no(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    make_warm_up_diary(runner, n=6)
    assert client_for(clinician).get(URL, {"runner": runner.pk}).status_code == 200
    assert client_for(stranger).get(URL, {"runner": runner.pk}).status_code == 404
    assert client_for(clinician).get(URL).status_code == 302


@pytest.mark.django_db
def test_anonymous_must_log_in() -> None:
    assert Client().get(URL).status_code == 302


def test_the_cli_prints_the_analysis_as_json(runner: User) -> None:
    make_warm_up_diary(runner)
    result = CliRunner().invoke(app, ["analyze", "--user", runner.email, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["n_diary_runs"] == 24
    assert document["comparisons"][0]["condition"].startswith("warm-up")
    assert document["cox"]["fitted"] in (True, False)
    assert document["insights"]
    text = CliRunner().invoke(app, ["analyze", "--user", runner.email])
    assert "Pain-free running" in text.stdout
