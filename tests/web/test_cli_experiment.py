"""``backstride experiment``, run in-process against the real database with real runners."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from backstride.experiments import design_from_template
from backstride.experiments.schedule import randomise
from backstride_web.accounts.models import User
from backstride_web.experiments import services
from backstride_web.experiments.models import Experiment, Status
from tests.factories import make_runner

pytestmark = pytest.mark.django_db
cli = CliRunner()
ALL_DAYS = "mon,tue,wed,thu,fri,sat,sun"


def run(*args: str) -> Any:
    from backstride.cli import app

    return cli.invoke(app, ["experiment", *args])


def ok_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


def _past_experiment(runner: User, start: datetime.date, seed: int = 7) -> Experiment:
    """The warm-up template (no run-in, a run every day) as if created on ``start``."""
    design = design_from_template("warm_up", run_in=0)
    created = timezone.make_aware(datetime.datetime.combine(start, datetime.time(6)))
    return services.create_experiment(runner, design, start, seed, run_days=range(7), now=created)


def test_templates_lists_every_template_with_its_source() -> None:
    found = ok_json("templates")
    ids = [t["id"] for t in found]
    assert ids[0] == "warm_up"
    assert {"warm_up", "cadence", "shoes"} <= set(ids)
    assert all(t["source"] for t in found)
    result = run("templates")
    assert result.exit_code == 0
    assert "warm_up" in result.stdout


def test_create_from_a_template_stores_a_planned_experiment_and_hides_the_allocation(
    runner: User, today: datetime.date
) -> None:
    start = today + datetime.timedelta(days=2)
    found = ok_json(
        "create", "--user", runner.email, "--template", "warm_up", "--blocks", "8",
        "--start", start.isoformat(), "--seed", "1234", "--run-days", "mon,wed,fri",
    )  # fmt: skip
    row = Experiment.objects.get(pk=found["id"])
    assert row.runner == runner
    assert (row.status, row.seed, row.start) == (Status.PLANNED, 1234, start)
    assert row.run_days == [0, 2, 4]
    assert found["status"] == "planned"
    assert found["design"]["n_blocks"] == 8
    assert [a["label"] for a in found["design"]["arms"]] == ["Warm-up", "No warm-up"]
    assert found["randomisation"]["seed"] is None  # the seed would reveal every arm
    assert len(found["schedule"]) == 2 + 2 * 8
    assert not any(s["revealed"] or s["arm"] for s in found["schedule"])
    assert found["run_days"] == ["mon", "wed", "fri"]
    assert {datetime.date.fromisoformat(s["first_day"]).weekday() for s in found["schedule"]} <= {
        0, 2, 4,
    }  # fmt: skip


def test_the_same_seed_gives_the_same_allocation(today: datetime.date) -> None:
    start = (today + datetime.timedelta(days=1)).isoformat()
    orders = []
    for email in ("one@example.org", "two@example.org"):
        make_runner(email)
        found = ok_json(
            "create", "--user", email, "--custom", "Morning or evening", "--arm-a", "Morning",
            "--arm-b", "Evening", "--seed", "99", "--start", start,
        )  # fmt: skip
        orders.append(Experiment.objects.get(pk=found["id"]).allocation["orders"])
    assert orders[0] == orders[1] == [list(o) for o in randomise(6, 99).orders]
    assert all(sorted(o) == ["A", "B"] for o in orders[0])  # balanced within every block


def test_create_custom_text_output(runner: User, today: datetime.date) -> None:
    result = run(
        "create", "--user", runner.email, "--custom", "Coffee before running", "--arm-a",
        "Coffee", "--arm-b", "No coffee", "--instructions-a", "One espresso 30 min before",
        "--fixed", "same route", "--blocks", "6",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Created experiment" in result.stdout
    row = Experiment.objects.get(runner=runner)
    assert row.start == today + datetime.timedelta(days=1)
    assert row.design["fixed"] == ["same route"]
    assert row.design["arm_a"]["instructions"] == "One espresso 30 min before"


@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        (["--template", "nope"], "--template", "no experiment template 'nope'; known: warm_up"),
        (["--template", "warm_up", "--blocks", "0"], "--blocks", "at least one block"),
        (
            ["--custom", "X", "--arm-a", "Same thing", "--arm-b", " same  THING"],
            "--arm-b",
            "the two arms are identical",
        ),
        (["--custom", "X", "--arm-a", "A thing"], "--arm-a/--arm-b", "needs --arm-a and --arm-b"),
        (["--template", "warm_up", "--custom", "X"], "--template/--custom", "exactly one"),
        ([], "--template/--custom", "exactly one"),
        (["--template", "warm_up", "--start", "2020-01-01"], "--start", "cannot be in the past"),
        (["--template", "warm_up", "--start", "soon"], "--start", "is not a date"),
        (["--template", "warm_up", "--run-days", "mon,funday"], "--run-days", "'funday'"),
        (["--template", "shoes"], "--shoes-a", "name the shoes"),
        (["--template", "warm_up", "--arm-a", "Mine"], "--arm-a", "arms come from the template"),
    ],
)
def test_bad_input_names_the_option_and_saves_nothing(
    runner: User, args: list[str], option: str, words: str
) -> None:
    result = run("create", "--user", runner.email, *args)
    assert result.exit_code == 2, result.output
    assert option in result.output
    assert words in " ".join(result.output.replace("│", " ").split())
    assert not Experiment.objects.exists()


def test_overlapping_dates_on_the_same_outcome_are_refused(
    runner: User, today: datetime.date
) -> None:
    start = today + datetime.timedelta(days=1)
    first = ok_json("create", "--user", runner.email, "--template", "warm_up",
                    "--start", start.isoformat())  # fmt: skip
    result = run("create", "--user", runner.email, "--template", "cadence",
                 "--start", (start + datetime.timedelta(days=3)).isoformat())  # fmt: skip
    assert result.exit_code == 2
    text = " ".join(result.output.replace("│", " ").split())
    assert "--start" in text
    assert "overlap the experiment 'Warm-up 10-15 min vs none'" in text
    assert list(Experiment.objects.values_list("pk", flat=True)) == [first["id"]]
    later = datetime.date.fromisoformat(first["end"]) + datetime.timedelta(days=1)
    ok_json("create", "--user", runner.email, "--template", "cadence",
            "--start", later.isoformat())  # fmt: skip
    assert Experiment.objects.count() == 2


def test_a_clinician_or_unknown_account_cannot_create(clinician: User) -> None:
    result = run("create", "--user", clinician.email, "--template", "warm_up")
    assert result.exit_code == 2
    assert "is not a runner's account" in result.output
    result = run("list", "--user", "ghost@example.org")
    assert result.exit_code == 2
    assert "no account with e-mail 'ghost@example.org'" in result.output


def test_list_and_show_touch_only_the_users_own_experiments(
    runner: User, stranger: User, today: datetime.date
) -> None:
    start = (today + datetime.timedelta(days=1)).isoformat()
    mine = ok_json("create", "--user", runner.email, "--template", "warm_up", "--start", start)
    theirs = ok_json("create", "--user", stranger.email, "--template", "warm_up",
                     "--start", start)  # fmt: skip
    assert [e["id"] for e in ok_json("list", "--user", runner.email)] == [mine["id"]]
    for command in ("show", "analyse"):
        result = run(command, str(theirs["id"]), "--user", runner.email)
        assert result.exit_code == 2
        assert f"{runner.email} has no experiment {theirs['id']}" in result.output
    result = run("stop", str(theirs["id"]), "--user", runner.email, "--reason", "mine now")
    assert result.exit_code == 2
    assert Experiment.objects.get(pk=theirs["id"]).status == Status.PLANNED
    listed = run("list", "--user", runner.email)
    assert listed.exit_code == 0
    assert "Warm-up" in listed.stdout


def test_show_reveals_arms_up_to_today_only(runner: User, today: datetime.date) -> None:
    experiment = _past_experiment(runner, today - datetime.timedelta(days=4))
    schedule = services.schedule_of(experiment)
    found = ok_json("show", str(experiment.pk), "--user", runner.email)
    assert found["status"] == "running"
    assert found["randomisation"]["seed"] is None
    for row, slot in zip(found["schedule"], schedule.slots, strict=True):
        if slot.first_day <= today:
            assert (row["revealed"], row["arm"]) == (True, slot.arm)
        else:
            assert (row["revealed"], row["arm"], row["arm_label"]) == (False, None, None)
    todays = schedule.slot_on(today)
    assert todays is not None
    assert found["today_arm"]["key"] == todays.arm
    text = run("show", str(experiment.pk), "--user", runner.email)
    assert text.exit_code == 0, text.output
    assert "(shown on the day)" in text.stdout
    assert "Today:" in text.stdout


def _log_runs(runner: User, experiment: Experiment) -> None:
    """A run on every slot day: the warm-up arm with 15 min of warm-up and no pain, the
    other with a 1-min warm-up and pain from minute 5 (3/10, under the safety stop)."""
    from backstride_web.activities.models import Activity
    from backstride_web.diary.models import RunPain

    for slot in services.schedule_of(experiment).slots:
        start = timezone.make_aware(datetime.datetime.combine(slot.first_day, datetime.time(12)))
        activity = Activity.objects.create(
            owner=runner,
            sport="running",
            start_utc=start,
            elapsed_s=2400,
            distance_m=6000,
            source_name=f"{slot.index}.fit",
            source_format="manual",
            source_sha256=f"{runner.pk:08d}{slot.index:056d}",
        )
        warm = slot.arm == "A"
        RunPain.objects.create(
            activity=activity,
            onset_s=None if warm else 300.0,
            peak=0 if warm else 3,
            warmup_min=15 if warm else 1,
        )


def test_analyse_finds_the_warm_up_effect_and_keeps_the_result(
    runner: User, today: datetime.date
) -> None:
    experiment = _past_experiment(runner, today - datetime.timedelta(days=14))
    _log_runs(runner, experiment)
    found = ok_json("analyse", str(experiment.pk), "--user", runner.email)
    assert found["experiment"]["status"] == "finished"
    analysis = found["analysis"]
    assert analysis["verdict"]["kind"] == "a_better"
    primary = analysis["itt"]["effects"][0]
    assert primary["outcome"] == "pain_free_min"
    assert primary["n_blocks"] == 6
    assert primary["difference"] == pytest.approx(35.0)
    assert primary["p_value"] <= 0.05
    experiment.refresh_from_db()
    assert experiment.verdict == "a_better"
    shown = ok_json("show", str(experiment.pk), "--user", runner.email)
    assert shown["randomisation"]["seed"] == 7  # over: the seed may be shown
    assert all(row["adherence"] == "adherent" for row in shown["schedule"])
    text = run("analyse", str(experiment.pk), "--user", runner.email)
    assert text.exit_code == 0, text.output
    assert "Warm-up looks better than No warm-up" in text.stdout
    assert "pain-free min" in text.stdout
    assert "+35.0" in text.stdout


def test_stop_keeps_the_reason_and_refuses_twice(runner: User, today: datetime.date) -> None:
    experiment = _past_experiment(runner, today - datetime.timedelta(days=2))
    found = ok_json("stop", str(experiment.pk), "--user", runner.email, "--reason", "moved house")
    assert found["status"] == "stopped"
    assert "moved house" in found["stop_reason"]
    again = run("stop", str(experiment.pk), "--user", runner.email, "--reason", "again")
    assert again.exit_code == 2
    assert "already stopped" in again.output
    other = _past_experiment(runner, today - datetime.timedelta(days=2))  # stopped: no overlap
    blank = run("stop", str(other.pk), "--user", runner.email, "--reason", "  ")
    assert blank.exit_code == 2
    assert "--reason" in blank.output
    assert "say briefly why you stop" in blank.output
