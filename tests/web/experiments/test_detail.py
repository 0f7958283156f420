"""The schedule page: today's arm on the day, future arms hidden, runs matched with their
adherence, live progress, and who may see or act on it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride.experiments.templates import design_from_template
from backstride_web.accounts.models import User
from backstride_web.experiments import services
from backstride_web.experiments.models import Experiment
from tests.web.experiments.conftest import at, today


def _url(experiment: Experiment, name: str = "detail") -> str:
    return reverse(f"experiments:{name}", kwargs={"experiment_id": experiment.pk})


def test_it_shows_revealed_arms_runs_and_progress(
    running: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(_url(running))
    assert response.status_code == 200
    body = response.content.decode()
    progress = response.context["progress"]
    assert progress.done.observations
    assert "blocks complete" in body
    assert "shown on the day" in body  # future slots
    assert "warm-up 12.0 min" in body  # adherence read from the run
    assert "Did you follow it?" in body
    assert 'hx-trigger="every 60s"' in body
    revealed = [r for r in progress.rows if r.arm is not None]
    assert all(r.slot.first_day <= today() for r in revealed)


def test_todays_arm_is_shown_on_the_day(runner: User, client_for: Callable[[User], Client]) -> None:
    start = today() - datetime.timedelta(days=10)
    design = design_from_template("warm_up", n_blocks=12, run_in=0)
    experiment = services.create_experiment(
        runner, design, start, 9, run_days=range(7), now=at(start - datetime.timedelta(days=1))
    )
    slot = services.schedule_of(experiment).slot_on(today())
    assert slot is not None
    assert slot.arm is not None
    body = client_for(runner).get(_url(experiment)).content.decode()
    label = design.arm(slot.arm).label
    assert f"Arm {slot.arm}: {label}" in body
    tomorrow = services.schedule_of(experiment).slot_on(today() + datetime.timedelta(days=1))
    assert tomorrow is not None
    row = next(r for r in services.progress(experiment, timezone.now()).rows if r.slot == tomorrow)
    assert row.arm is None


def test_the_live_panel_is_the_progress_alone(
    running: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(_url(running, "live"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="live-progress"')
    assert "<html" not in body


def test_a_clinician_with_a_grant_sees_it_read_only(
    running: Experiment, clinician: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).get(_url(running))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Did you follow it?" not in body
    assert "Stop now" not in body
    stop = client_for(clinician).post(_url(running, "stop"), {"reason": "x"})
    assert stop.status_code == 404
    running.refresh_from_db()
    assert running.is_active


def test_a_stranger_gets_404(
    running: Experiment, stranger: User, client_for: Callable[[User], Client]
) -> None:
    for name in ("detail", "live", "results"):
        assert client_for(stranger).get(_url(running, name)).status_code == 404


def test_the_runner_stops_it_with_a_reason(
    running: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    empty = client.post(_url(running, "stop"), {"reason": ""})
    assert empty.status_code == 302
    running.refresh_from_db()
    assert running.is_active
    response = client.post(_url(running, "stop"), {"reason": "a cold"})
    assert response.url == _url(running, "results")
    running.refresh_from_db()
    assert running.status == "stopped"
    assert "a cold" in running.stop_reason


def test_the_runner_answers_adherence(
    running: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    run = services.experiment_runs(running, timezone.now())[-1]
    response = client_for(runner).post(
        _url(running, "answer"), {"activity": run.run_id, "followed": "no"}
    )
    assert response.status_code == 302
    assert running.answers.get().followed is False
    other = client_for(runner).post(
        _url(running, "answer"), {"activity": "999999", "followed": "no"}
    )
    assert other.status_code == 404


def test_the_list_shows_active_and_finished(
    running: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    services.stop(running, "testing the list", timezone.now())
    body = client_for(runner).get(reverse("experiments:home")).content.decode()
    assert "Finished" in body
    assert running.name in body
    assert "Start an experiment" in body


def test_a_clinician_picks_the_runner(
    running: Experiment, runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(clinician)
    assert client.get(reverse("experiments:home")).status_code == 302
    response = client.get(reverse("experiments:home"), {"runner": runner.pk})
    assert response.status_code == 200
    assert running.name in response.content.decode()
    assert "Start an experiment" not in response.content.decode()


def test_a_run_without_a_diary_answer_asks_for_it(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    from backstride_web.activities.models import Activity

    start = today() - datetime.timedelta(days=10)
    experiment = services.create_experiment(
        runner,
        design_from_template("warm_up", run_in=0),
        start,
        3,
        now=at(start - datetime.timedelta(days=1)),
    )
    slot = services.schedule_of(experiment).block_slots[0]
    Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=at(slot.first_day),
        local_utc_offset_s=0,
        elapsed_s=1800,
        source_name="x.fit",
        source_format="manual",
        source_sha256="f" * 64,
    )
    body = client_for(runner).get(_url(experiment)).content.decode()
    assert "no pain answer yet" in body
    assert services.conducted(experiment, timezone.now()).observations == ()


def test_an_altered_record_is_named_not_a_server_error(
    running: Experiment, runner: User, client_for: Callable[[User], Client]
) -> None:
    orders = running.allocation["orders"]
    orders[0] = list(reversed(orders[0]))
    running.save()
    client = client_for(runner)
    for name in ("detail", "live", "results"):
        response = client.get(_url(running, name))
        assert response.status_code == 409
        assert "does not match its seed" in response.content.decode()
    home = client.get(reverse("experiments:home"))
    assert home.status_code == 200
    assert "Cannot be shown" in home.content.decode()
