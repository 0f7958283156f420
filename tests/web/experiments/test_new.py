"""The set-up wizard: templates linked to the runner's contributors, the precision hint, and
bad input (zero blocks, identical arms, overlapping dates) shown beside its field with
nothing saved."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.experiments.models import Experiment
from tests.factories import make_warm_up_diary
from tests.web.experiments.conftest import today

URL = reverse("experiments:new")


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "n_blocks": "6",
        "run_in": "2",
        "start": (today() + datetime.timedelta(days=1)).isoformat(),
        "run_days": ["0", "2", "4", "6"],
        "fixed": "same route\nsame pace",
        "safety_stop_nrs": "5",
    }
    data.update(changes)
    return data


def _custom(**changes: Any) -> dict[str, Any]:
    data = _form(
        name="Evening vs morning",
        label_a="Evening runs",
        label_b="Morning runs",
        unit="run",
        min_gap_h="24",
        primary="pain_free_min",
    )
    data.update(changes)
    return data


def test_step_one_orders_templates_by_the_runners_contributors(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    make_warm_up_diary(runner, 24, 3)
    response = client_for(runner).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    choices = response.context["choices"]
    assert {c.template.id for c in choices} == {
        "warm_up",
        "hip_flexor_stretch",
        "cadence",
        "shoes",
        "no_lifting_48h",
    }
    assert choices[0].best is not None
    assert "in Explain" in body
    assert "Your own A/B test" in body
    assert "evidence: weak" in body


def test_step_two_shows_the_design_the_safety_rule_and_the_precision_hint(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(URL, {"template": "warm_up"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Warm-up 10-15 min vs none" in body
    assert "at least 10 easy minutes first" in body
    assert "Safety stop" in body
    assert "5/10" in body
    assert 'id="precision-hint"' in body
    assert response.context["form"]["n_blocks"].value() == 6


def test_a_template_experiment_is_created_and_shown(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(URL + "?template=warm_up", _form())
    experiment = Experiment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("experiments:detail", kwargs={"experiment_id": experiment.pk})
    assert experiment.template_id == "warm_up"
    assert experiment.design["n_blocks"] == 6
    assert experiment.run_days == [0, 2, 4, 6]


def test_zero_blocks_is_a_clear_error_and_nothing_is_saved(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(URL + "?template=warm_up", _form(n_blocks="0"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "at least one block" in errors["n_blocks"][0]
    assert not Experiment.objects.exists()


def test_identical_arms_are_a_clear_error(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(URL + "?template=custom", _custom(label_b="evening  RUNS"))
    assert response.status_code == 400
    assert "identical" in response.context["form"].errors["label_b"][0]
    assert not Experiment.objects.exists()


def test_identical_shoes_are_a_clear_error(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(
        URL + "?template=shoes", _form(shoes_a="Pegasus 40", shoes_b="pegasus 40")
    )
    assert response.status_code == 400
    assert "identical" in response.context["form"].errors["shoes_b"][0]
    assert not Experiment.objects.exists()


def test_overlapping_dates_are_a_clear_error(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    assert client.post(URL + "?template=warm_up", _form()).status_code == 302
    start = (today() + datetime.timedelta(days=5)).isoformat()
    response = client.post(URL + "?template=cadence", _form(start=start))
    assert response.status_code == 400
    error = response.context["form"].errors["start"][0]
    assert "overlap" in error
    assert "Warm-up 10-15 min vs none" in error
    assert Experiment.objects.count() == 1


def test_a_past_start_and_no_run_days_are_refused(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    past = (today() - datetime.timedelta(days=1)).isoformat()
    response = client.post(URL + "?template=warm_up", _form(start=past))
    assert "past" in response.context["form"].errors["start"][0]
    response = client.post(URL + "?template=warm_up", _form(run_days=[]))
    assert "at least one day" in response.context["form"].errors["run_days"][0]
    assert not Experiment.objects.exists()


def test_a_custom_period_experiment_is_created(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(
        URL + "?template=custom",
        _custom(unit="period", period_days="7", washout_days="2", run_in="3"),
    )
    assert response.status_code == 302
    experiment = Experiment.objects.get()
    assert experiment.design["unit"] == "period"
    assert experiment.run_days == [0, 1, 2, 3, 4, 5, 6]
    assert (experiment.end - experiment.start).days + 1 == 3 + 12 * 7


def test_a_washout_as_long_as_the_period_is_refused(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(
        URL + "?template=custom", _custom(unit="period", period_days="7", washout_days="7")
    )
    assert response.status_code == 400
    assert "washout_days" in response.context["form"].errors
    assert not Experiment.objects.exists()


def test_the_hint_follows_the_number_of_blocks(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    make_warm_up_diary(runner, 12, 4)
    response = client_for(runner).get(reverse("experiments:hint"), {"n_blocks": "10"})
    assert response.status_code == 200
    assert "With 10 blocks" in response.content.decode()
    bad = client_for(runner).get(reverse("experiments:hint"), {"n_blocks": "x"})
    assert "Enter a number of blocks" in bad.content.decode()


def test_an_unknown_template_is_not_found(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(runner).get(URL, {"template": "nope"}).status_code == 404


def test_a_clinician_cannot_set_one_up(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(URL).status_code == 404
    assert client_for(clinician).post(URL + "?template=warm_up", _form()).status_code == 404
    assert not Experiment.objects.exists()


def test_the_run_days_default_to_the_runners_usual_ones(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    make_warm_up_diary(runner, 24, 3)  # every other day: every weekday often enough
    form = client_for(runner).get(URL, {"template": "warm_up"}).context["form"]
    assert form["run_days"].initial == ["0", "1", "2", "3", "4", "5", "6"]


def test_the_wizard_says_when_the_safety_screen_blocks_it(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    from backstride.assess import redflags
    from backstride_web.assessments.services import record_screen

    answers = {q.id: "no" for q in redflags.questions() if q.follow_up_of is None}
    record_screen(runner, {**answers, "R3": "yes"}, short=False, now=timezone.now())
    client = client_for(runner)
    assert "Not now:" in client.get(URL).content.decode()
    response = client.post(URL + "?template=warm_up", _form())
    assert response.status_code == 400
    assert "clinician" in " ".join(response.context["form"].non_field_errors())
    assert not Experiment.objects.exists()
