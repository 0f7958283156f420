"""The results page: the verdict with its uncertainty, effects with intervals, P(A better),
the randomisation p, ITT and per-protocol, checks, the CENT period diagram, the allocation."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.experiments import services
from backstride_web.experiments.models import Experiment
from tests.web.experiments.conftest import at, today, warm_up_experiment


def _url(experiment: Experiment) -> str:
    return reverse("experiments:results", kwargs={"experiment_id": experiment.pk})


def test_a_real_effect_is_found_and_shown(
    finished: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(_url(finished))
    assert response.status_code == 200
    body = response.content.decode()
    r = response.context["r"]
    assert r["result"].verdict.kind == "a_better"
    primary = r["result"].itt.primary
    assert primary.n_blocks == 6
    assert primary.p_value == 2 / 64  # every block favoured the warm-up: 2 of 2^6 patterns
    assert primary.difference > 10
    assert "Warm-up looks better than No warm-up for you" in body
    assert "Intention-to-treat" in body
    assert "Per-protocol" in body
    assert "Restricted mean pain-free time" in body
    assert f"{primary.p_value:.3f}" in body
    assert '<svg class="chart period-diagram"' in body
    assert "block 6" in body
    assert f"seed {finished.seed}" in body
    assert "Order (period effect or carry-over)" in body
    assert "not a diagnosis" in body


def test_the_same_numbers_after_later_runs(
    finished: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    before = client_for(runner).get(_url(finished)).context["r"]["result"].itt.primary
    stored = finished.result["itt"]["effects"][0]
    assert before.difference == stored["difference"]
    assert before.p_value == stored["p_value"]


def test_no_effect_gives_not_enough_evidence_yet_with_more_blocks(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    start = today() - datetime.timedelta(days=60)
    experiment = warm_up_experiment(runner, start=start, effect_min=0.0, rng_seed=7)
    services.refresh(experiment, at(experiment.end + datetime.timedelta(days=1)))
    body = client_for(runner).get(_url(experiment)).content.decode()
    kind = experiment.verdict
    assert kind in ("not_enough_evidence", "no_important_difference")
    if kind == "not_enough_evidence":
        assert "Not enough evidence yet" in body
        assert "more blocks" in body


def test_an_experiment_in_progress_shows_results_so_far(
    running: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(_url(running))
    assert response.status_code == 200
    body = response.content.decode()
    assert "So far:" in body
    assert "Not enough evidence yet" in body
    diagram = response.context["r"]["diagram"]
    assert ">?</text>" in diagram  # slots to come keep their arm hidden


def test_a_clinician_sees_the_same_numbers(
    finished: Experiment,
    runner: User,
    clinician: User,
    client_for: Callable[[User], Client],
) -> None:
    mine = client_for(runner).get(_url(finished)).context["r"]["result"]
    theirs = client_for(clinician).get(_url(finished)).context["r"]["result"]
    assert mine.itt == theirs.itt
    assert timezone.now() > theirs.as_of
