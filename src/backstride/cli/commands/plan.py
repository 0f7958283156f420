from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from backstride.cli.commands.jobs import UserOption
from backstride.cli.django_env import setup_django, user_by_email

EXIT_BLOCKED = 3


def _as_json(row: Any, plan: Any) -> dict[str, Any]:
    return {
        "race": row.race,
        "race_day": row.race_day.isoformat(),
        "revision": row.revision,
        "built_on": row.built_on.isoformat(),
        "walking_only": plan.walking_only,
        "pain_rule": plan.pain_rule,
        "sources": list(plan.sources),
        "weeks": [week.summary_json() for week in plan.weeks],
        "adjustments": [
            {
                "decided_at": a.decided_at.isoformat(),
                "week_start": a.week_start.isoformat(),
                "decision": a.decision,
                "reasons": a.reasons,
            }
            for a in row.adjustments.all()
        ],
    }


def plan(
    user: UserOption,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal", help="Make a new plan to this race (5k, 10k, half, marathon, tri_*)."
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The race day, YYYY-MM-DD (with --goal).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Write the plan as a calendar file.", dir_okay=False),
    ] = None,
    fit_dir: Annotated[
        Path | None,
        typer.Option(
            "--fit-dir", help="Write each run/walk as a FIT workout here.", file_okay=False
        ),
    ] = None,
) -> None:
    """Show a runner's run/walk plan, or make one with --goal and --date; export it."""
    setup_django()
    from django.utils import timezone

    from backstride.errors import InputError
    from backstride.plan.export_fit import plan_to_fit
    from backstride.plan.export_ics import plan_to_ics
    from backstride.plan.model import Goal
    from backstride_web.assessments.safety import plan_access
    from backstride_web.plans import services
    from backstride_web.plans.arms import revealed_arms

    runner = user_by_email(user)
    if not runner.is_runner:
        raise typer.BadParameter("plans belong to runners", param_hint="--user")
    now = timezone.now()
    today = timezone.localdate()
    access = plan_access(runner, now=now)
    if not (access.running and access.exercises):
        typer.echo(
            f"Plans are locked: {access.reason or 'complete the safety screen first'}. "
            "Open backstride's Assess page for what to do next.",
            err=True,
        )
        raise typer.Exit(EXIT_BLOCKED)
    if (goal is None) != (date is None):
        raise typer.BadParameter("give --goal and --date together", param_hint="--goal/--date")
    if goal is not None and date is not None:
        try:
            race_day = datetime.date.fromisoformat(date)
        except ValueError:
            raise typer.BadParameter(f"{date!r} is not YYYY-MM-DD", param_hint="--date") from None
        try:
            services.create_plan(runner, Goal(goal, race_day), today=today, now=now)
        except InputError as error:
            raise typer.BadParameter(error.message, param_hint="--goal/--date") from None
    row = services.current_plan(runner)
    if row is None:
        typer.echo("No plan yet: make one with --goal RACE --date YYYY-MM-DD.", err=True)
        raise typer.Exit(1)
    stored = services.stored_plan(row)
    if as_json:
        typer.echo(json.dumps(_as_json(row, stored), indent=2))
    else:
        table = Table("week", "dates", "phase", "minutes", "sessions")
        for week in stored.weeks:
            table.add_row(
                str(week.index + 1),
                f"{week.start:%d %b}-{week.end:%d %b}",
                week.phase,
                f"{week.volume_min:.0f}",
                ", ".join(f"{s.day:%a} {s.title}" for s in week.sessions),
            )
        console = Console()
        console.print(f"{row.race} on {row.race_day} (revision {row.revision})")
        console.print(table)
        console.print(stored.pain_rule)
    # Experiment arms of the days up to today only: future arms stay blinded.
    arms = revealed_arms(runner, now=now) if ics is not None or fit_dir is not None else {}
    if ics is not None:
        ics.write_bytes(
            plan_to_ics(
                stored,
                plan_id=f"plan{row.pk}",
                now=now,
                tz=timezone.get_current_timezone_name(),
                desk_break=services.desk_break_routine(runner, now=now),
                revision=row.revision,
                arms=arms,
                today=today,
            )
        )
    if fit_dir is not None:
        fit_dir.mkdir(parents=True, exist_ok=True)
        for name, content in plan_to_fit(
            stored, time_created=row.updated_at, arms=arms, today=today
        ).items():
            (fit_dir / name).write_bytes(content)


def register(app: typer.Typer) -> None:
    app.command()(plan)
