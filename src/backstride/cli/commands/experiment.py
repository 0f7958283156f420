"""``backstride experiment``: self-experiments (n-of-1 trials) from the command line.

::

    backstride experiment templates
    backstride experiment create --user runner@example.org --template warm_up --blocks 8
    backstride experiment create --user runner@example.org --custom "Morning or evening" \\
        --arm-a "Morning run" --arm-b "Evening run" --start 2026-12-01 --seed 42
    backstride experiment list --user runner@example.org --json
    backstride experiment show 3 --user runner@example.org
    backstride experiment analyse 3 --user runner@example.org --json
    backstride experiment stop 3 --user runner@example.org --reason "moved house"

Every command acts for one runner (``--user``) and touches only that runner's experiments:
another runner's experiment id is answered as if it did not exist. Blinding: ``show`` prints
each run's arm from its day on, never a later one, and the seed (which reproduces the whole
allocation) only once the experiment is finished or stopped. Bad input (an unknown template,
zero blocks, identical arms, dates overlapping another experiment on the same outcome, a
start in the past) prints a message naming the option and exits with status 2; nothing is
saved.
"""

from __future__ import annotations

import datetime
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from backstride.cli.django_env import setup_django, user_by_email

experiment_app = typer.Typer(
    help="Self-experiments (n-of-1 trials): create, list, show, analyse, stop.",
    no_args_is_help=True,
)

UserOption = Annotated[str, typer.Option("--user", help="E-mail address of the runner.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IdArgument = Annotated[int, typer.Argument(help="The experiment's id (see `list`).")]

OUTCOME_NAMES = {
    "pain_free_min": "pain-free min",
    "peak_pain": "peak pain /10",
    "next_morning_pain": "morning pain /10",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OPTION_OF = {
    "template": "--template",
    "n_blocks": "--blocks",
    "run_in": "--run-in",
    "arm_a": "--arm-a",
    "arm_b": "--arm-b",
    "name": "--custom",
    "start": "--start",
    "seed": "--seed",
    "run_days": "--run-days",
    "unit": "--unit",
    "period_days": "--period-days",
    "washout_days": "--washout-days",
    "fixed": "--fixed",
    "primary": "--primary",
    "shoes_a": "--shoes-a",
    "shoes_b": "--shoes-b",
    "reason": "--reason",
    "status": "ID",
    "safety": "--user",
    "runner": "--user",
    "min_gap_h": "--min-gap-h",
}


def _bad(error: Any) -> typer.BadParameter:
    """A core :class:`~backstride.errors.InputError` as a Typer error naming the option."""
    hint = OPTION_OF.get(str(error.source or ""), str(error.source or "input"))
    return typer.BadParameter(str(error.message), param_hint=hint)


def _runner(email: str) -> Any:
    user = user_by_email(email)
    if not user.is_runner:
        raise typer.BadParameter(f"{email} is not a runner's account", param_hint="--user")
    return user


def _own(runner: Any, experiment_id: int) -> Any:
    """The runner's experiment ``experiment_id``; anyone else's is "not found"."""
    from backstride_web.experiments.models import Experiment

    found = Experiment.objects.filter(pk=experiment_id, runner=runner).first()
    if found is None:
        raise typer.BadParameter(
            f"{runner.email} has no experiment {experiment_id}", param_hint="ID"
        )
    return found


def _refresh(experiment: Any, now: datetime.datetime) -> Any:
    from backstride.errors import InputError
    from backstride_web.experiments import services

    try:
        return services.refresh(experiment, now)
    except InputError as error:
        raise _bad(error) from None


def _day(text: str | None, option: str) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def _run_days(text: str | None) -> tuple[int, ...] | None:
    """``mon,wed,fri`` (or ``0,2,4``, 0 = Monday) as weekday numbers."""
    if text is None:
        return None
    days = []
    for part in (p.strip().casefold() for p in text.split(",")):
        if part[:3] in WEEKDAYS and part.isalpha():
            days.append(WEEKDAYS.index(part[:3]))
        elif part.isdigit() and int(part) <= 6:
            days.append(int(part))
        else:
            raise typer.BadParameter(
                f"{part!r} is not a day of the week (mon..sun or 0..6)", param_hint="--run-days"
            )
    return tuple(days)


def _summary(experiment: Any) -> dict[str, Any]:
    return {
        "id": experiment.pk,
        "name": experiment.name,
        "template": experiment.template_id or None,
        "status": experiment.status,
        "start": experiment.start.isoformat(),
        "end": experiment.end.isoformat(),
        "arm_a": experiment.label_a,
        "arm_b": experiment.label_b,
        "primary": experiment.primary,
        "verdict": experiment.verdict or None,
        "stop_reason": experiment.stop_reason or None,
    }


def _arm_json(arm: Any) -> dict[str, Any]:
    return {
        "key": arm.key,
        "label": arm.label,
        "instructions": arm.instructions,
        "adherence": arm.adherence.describe(),
    }


def _detail(experiment: Any, now: datetime.datetime) -> dict[str, Any]:
    """Everything ``show`` prints: the design, and the schedule with the arms revealed up to
    today only (the seed once the experiment is over)."""
    from backstride_web.experiments import services

    progress = services.progress(experiment, now)
    design = progress.design
    rows = []
    for row in progress.rows:
        slot = row.slot
        rows.append(
            {
                "index": slot.index,
                "phase": slot.phase,
                "block": slot.block,
                "position": slot.position,
                "first_day": slot.first_day.isoformat(),
                "last_day": slot.last_day.isoformat(),
                "revealed": row.revealed,
                "arm": None if row.arm is None else row.arm.key,
                "arm_label": None if row.arm is None else row.arm.label,
                "run": None if row.run is None else row.run.run_id,
                "adherence": None if row.adherence is None else row.adherence.status,
                "missed": row.missed,
                "today": row.is_today,
            }
        )
    today_row = progress.today_row
    return _summary(experiment) | {
        "design": {
            "unit": design.unit,
            "n_blocks": design.n_blocks,
            "run_in": design.run_in,
            "min_gap_h": design.min_gap_h,
            "period_days": design.period_days,
            "washout_days": design.washout_days,
            "fixed": list(design.fixed),
            "primary": design.primary,
            "secondary": list(design.secondary),
            "safety_stop_nrs": design.safety_stop_nrs,
            "contributors": list(design.contributors),
            "arms": [_arm_json(design.arm_a), _arm_json(design.arm_b)],
        },
        "run_days": [WEEKDAYS[int(d)] for d in experiment.run_days],
        "randomisation": {
            "method": experiment.allocation.get("method"),
            "seed": int(experiment.seed) if experiment.is_done else None,
        },
        "today": progress.today.isoformat(),
        "today_arm": (
            None
            if today_row is None or today_row.arm is None
            else {"key": today_row.arm.key, "label": today_row.arm.label}
        ),
        "complete_blocks": progress.done.complete_blocks,
        "safety": {
            "stopped": progress.done.safety.stopped,
            "reasons": list(progress.done.safety.reasons),
        },
        "schedule": rows,
    }


# ------------------------------------------------------------------------------- commands


@experiment_app.command("templates")
def templates_command(as_json: JsonOption = False) -> None:
    """List the experiment templates (their ids go to `create --template`)."""
    from backstride.experiments import templates

    found: list[dict[str, Any]] = [
        {
            "id": t.id,
            "name": t.name,
            "question": t.question,
            "unit": t.design.unit,
            "blocks": t.design.n_blocks,
            "arm_a": t.design.arm_a.label,
            "arm_b": t.design.arm_b.label,
            "evidence": t.evidence,
            "source": list(t.source),
        }
        for t in templates()
    ]
    if as_json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    table = Table("name", "arms", "unit", "blocks", "evidence")
    table.columns.insert(0, Column("id", no_wrap=True))
    for t in found:
        table.add_row(
            t["id"],
            escape(t["name"]),
            escape(f"{t['arm_a']} / {t['arm_b']}"),
            t["unit"],
            str(t["blocks"]),
            t["evidence"],
        )
    Console().print(table)


@experiment_app.command("create")
def create_command(
    user: UserOption,
    template: Annotated[
        str | None, typer.Option("--template", help="A template id (see `templates`).")
    ] = None,
    custom: Annotated[
        str | None, typer.Option("--custom", help="A custom A/B experiment with this title.")
    ] = None,
    arm_a: Annotated[str | None, typer.Option("--arm-a", help="Custom: arm A's label.")] = None,
    arm_b: Annotated[str | None, typer.Option("--arm-b", help="Custom: arm B's label.")] = None,
    instructions_a: Annotated[
        str, typer.Option("--instructions-a", help="Custom: what to do in arm A.")
    ] = "",
    instructions_b: Annotated[
        str, typer.Option("--instructions-b", help="Custom: what to do in arm B.")
    ] = "",
    unit: Annotated[
        str, typer.Option("--unit", help="Custom: 'run' (one run per arm) or 'period'.")
    ] = "run",
    period_days: Annotated[
        int, typer.Option("--period-days", help="Custom period design: days per period.")
    ] = 0,
    washout_days: Annotated[
        int, typer.Option("--washout-days", help="Custom period design: washout days.")
    ] = 0,
    fixed: Annotated[
        list[str] | None,
        typer.Option("--fixed", help="A condition kept the same in both arms (repeatable)."),
    ] = None,
    primary: Annotated[
        str,
        typer.Option("--primary", help="Custom: pain_free_min, peak_pain or next_morning_pain."),
    ] = "pain_free_min",
    blocks: Annotated[
        int | None, typer.Option("--blocks", help="Blocks (each tries both arms once).")
    ] = None,
    run_in: Annotated[
        int | None, typer.Option("--run-in", help="Run-in runs (or days) not analysed.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default tomorrow).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Randomisation seed (default: drawn).")
    ] = None,
    run_days: Annotated[
        str | None,
        typer.Option("--run-days", help="Experiment run days, e.g. mon,wed,fri,sun (default)."),
    ] = None,
    shoes_a: Annotated[
        str | None, typer.Option("--shoes-a", help="Shoe template: arm A's shoes.")
    ] = None,
    shoes_b: Annotated[
        str | None, typer.Option("--shoes-b", help="Shoe template: arm B's shoes.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a self-experiment from a template or a custom A/B design, randomised now."""
    setup_django()
    from django.utils import timezone

    from backstride.errors import InputError
    from backstride.experiments import DEFAULT_BLOCKS, custom_design, design_from_template
    from backstride_web.experiments import services

    if (template is None) == (custom is None):
        raise typer.BadParameter(
            "give exactly one of --template ID or --custom TITLE", param_hint="--template/--custom"
        )
    runner = _runner(user)
    now = timezone.now()
    first = _day(start, "--start") or timezone.localdate(now) + datetime.timedelta(days=1)
    days = _run_days(run_days)
    try:
        if template is not None:
            for option, given in (("--arm-a", arm_a), ("--arm-b", arm_b)):
                if given is not None:
                    raise typer.BadParameter(
                        "arms come from the template; use --custom for your own", param_hint=option
                    )
            design = design_from_template(
                template,
                n_blocks=blocks,
                run_in=run_in,
                shoes_a=shoes_a,
                shoes_b=shoes_b,
                fixed=tuple(fixed) if fixed else None,
            )
        else:
            assert custom is not None
            if arm_a is None or arm_b is None:
                raise typer.BadParameter(
                    "a custom experiment needs --arm-a and --arm-b", param_hint="--arm-a/--arm-b"
                )
            extra: dict[str, Any] = {}
            if fixed:
                extra["fixed"] = tuple(fixed)
            design = custom_design(
                custom,
                arm_a,
                arm_b,
                instructions_a=instructions_a,
                instructions_b=instructions_b,
                unit=unit,
                n_blocks=DEFAULT_BLOCKS if blocks is None else blocks,
                run_in=2 if run_in is None else run_in,
                period_days=period_days,
                washout_days=washout_days,
                primary=primary,
                **extra,
            )
        experiment = services.create_experiment(
            runner,
            design,
            first,
            seed,
            run_days=services.DEFAULT_RUN_DAYS if days is None else days,
            now=now,
        )
    except InputError as error:
        raise _bad(error) from None
    if as_json:
        typer.echo(json.dumps(_detail(experiment, now), indent=2, ensure_ascii=False))
        return
    Console().print(
        f"Created experiment {experiment.pk}: [bold]{escape(experiment.name)}[/] "
        f"({escape(experiment.label_a)} vs {escape(experiment.label_b)}), "
        f"{design.n_blocks} blocks, {experiment.start} to {experiment.end}. "
        "Each run's arm is shown on its day (plan page, calendar, watch workout)."
    )


@experiment_app.command("list")
def list_command(user: UserOption, as_json: JsonOption = False) -> None:
    """List the runner's experiments, newest first."""
    setup_django()
    from django.utils import timezone

    from backstride_web.experiments.models import Experiment

    runner = _runner(user)
    now = timezone.now()
    rows = [_refresh(e, now) for e in Experiment.objects.filter(runner=runner)]
    found = [_summary(e) for e in rows]
    if as_json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    if not found:
        typer.echo(f"{runner.email} has no experiments yet: see `backstride experiment create`.")
        return
    table = Table("id", "name", "arms", "status", "dates", "verdict")
    for e in found:
        table.add_row(
            str(e["id"]),
            escape(e["name"]),
            escape(f"{e['arm_a']} / {e['arm_b']}"),
            e["status"],
            f"{e['start']} to {e['end']}",
            e["verdict"] or "",
        )
    Console().print(table)


@experiment_app.command("show")
def show_command(experiment_id: IdArgument, user: UserOption, as_json: JsonOption = False) -> None:
    """Show one experiment: design, schedule (arms up to today only), progress."""
    setup_django()
    from django.utils import timezone

    runner = _runner(user)
    now = timezone.now()
    experiment = _refresh(_own(runner, experiment_id), now)
    found = _detail(experiment, now)
    if as_json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(
        f"[bold]{escape(found['name'])}[/] (experiment {found['id']}, {found['status']}), "
        f"{found['start']} to {found['end']}"
    )
    for arm in found["design"]["arms"]:
        console.print(
            f"  {arm['key']}: {escape(arm['label'])}: {escape(arm['instructions'])} "
            f"[dim]({escape(arm['adherence'])})[/]"
        )
    if found["design"]["fixed"]:
        console.print("Keep the same in both arms: " + escape("; ".join(found["design"]["fixed"])))
    today_arm = found["today_arm"]
    if today_arm is not None:
        console.print(f"[bold]Today: {escape(today_arm['label'])}[/]")
    console.print(f"Blocks complete: {found['complete_blocks']} of {found['design']['n_blocks']}")
    if found["safety"]["stopped"]:
        console.print("[bold red]Safety stop:[/] " + escape(" ".join(found["safety"]["reasons"])))
    table = Table("slot", "days", "block", "arm", "run", "adherence")
    for row in found["schedule"]:
        days = row["first_day"]
        if row["last_day"] != row["first_day"]:
            days += f" to {row['last_day']}"
        arm = "run-in" if row["phase"] == "run_in" else (row["arm_label"] or "(shown on the day)")
        table.add_row(
            str(row["index"] + 1),
            days,
            "" if row["block"] is None else str(row["block"]),
            escape(arm),
            "missed" if row["missed"] else ("yes" if row["run"] else ""),
            row["adherence"] or "",
        )
    console.print(table)


@experiment_app.command("analyse")
def analyse_command(
    experiment_id: IdArgument, user: UserOption, as_json: JsonOption = False
) -> None:
    """Analyse one experiment: the effect, its interval, P(A better) and the verdict.

    A finished or stopped experiment prints the analysis stored when it ended.
    """
    setup_django()
    from django.utils import timezone

    from backstride.errors import InputError
    from backstride_web.experiments import services

    runner = _runner(user)
    now = timezone.now()
    experiment = _refresh(_own(runner, experiment_id), now)
    if experiment.is_done and experiment.result:
        result: dict[str, Any] = dict(experiment.result)
    else:
        try:
            result = services.analyse(experiment, now).as_json()
        except InputError as error:
            raise _bad(error) from None
    if as_json:
        typer.echo(
            json.dumps(
                {"experiment": _summary(experiment), "analysis": result},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    console = Console()
    console.print(f"[bold]{escape(experiment.name)}[/] ({experiment.status})")
    console.print(escape(str(result["verdict"]["text"])))
    for name, title in (("itt", "Intention to treat"), ("per_protocol", "Per protocol")):
        table = Table(
            "outcome", "blocks", "A", "B", "A - B (95 % interval)", "P(A better)", "p",
            title=f"{title} ({result[name]['n_runs']} runs)",
        )  # fmt: skip
        for effect in result[name]["effects"]:
            table.add_row(
                OUTCOME_NAMES.get(effect["outcome"], effect["outcome"]),
                str(effect["n_blocks"]),
                _num(effect["mean_a"]),
                _num(effect["mean_b"]),
                f"{_num(effect['difference'], sign=True)} "
                f"({_num(effect['ci_low'], sign=True)} to {_num(effect['ci_high'], sign=True)})",
                _num(effect["p_a_better"], digits=2),
                _num(effect["p_value"], digits=3),
            )
        console.print(table)
    for note in result.get("notes", ()):
        console.print(f"[dim]{escape(str(note))}[/]")


def _num(value: Any, *, sign: bool = False, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{float(value):+.{digits}f}" if sign else f"{float(value):.{digits}f}"


@experiment_app.command("stop")
def stop_command(
    experiment_id: IdArgument,
    user: UserOption,
    reason: Annotated[str, typer.Option("--reason", help="Why you stop it (kept).")],
    as_json: JsonOption = False,
) -> None:
    """Stop an active experiment; the analysis as it stands is kept."""
    setup_django()
    from django.utils import timezone

    from backstride.errors import InputError
    from backstride_web.experiments import services

    runner = _runner(user)
    now = timezone.now()
    experiment = _refresh(_own(runner, experiment_id), now)
    try:
        experiment = services.stop(experiment, reason, now)
    except InputError as error:
        raise _bad(error) from None
    if as_json:
        typer.echo(json.dumps(_summary(experiment), indent=2, ensure_ascii=False))
        return
    typer.echo(f"Stopped experiment {experiment.pk}: {experiment.stop_reason}")


def register(app: typer.Typer) -> None:
    app.add_typer(experiment_app, name="experiment")
