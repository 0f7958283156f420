from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from backstride.cli.commands.jobs import UserOption
from backstride.cli.django_env import setup_django, user_by_email


def analyze(
    user: UserOption,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole analysis as JSON.")
    ] = False,
) -> None:
    """Analyse a runner's diary: pain-free running curves, Cox model, load, insight cards."""
    setup_django()
    from django.utils import timezone

    from backstride_web.diary.analysis import analyse_runner

    result = analyse_runner(user_by_email(user), now=timezone.now())
    found = result.analysis
    if as_json:
        document = found.as_json()
        document["skipped_diary_answers"] = result.skipped_records
        typer.echo(json.dumps(document, indent=2))
        return
    console = Console()
    console.print(
        f"[bold]{found.n_runs}[/] runs, {found.n_diary_runs} with a diary answer, "
        f"{found.n_pain_runs} with pain"
    )
    for card in found.insights:
        colour = {"caution": "yellow", "see_clinician": "red"}.get(card.level, "cyan")
        console.print(f"\n[bold {colour}]{card.title}[/]\n{card.text}")
    console.print(f"\n[dim]{found.notice}[/]")


def register(app: typer.Typer) -> None:
    app.command()(analyze)
