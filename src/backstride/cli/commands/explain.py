"""``backstride explain``: rank the possible contributors for a runner or a case file.

::

    backstride explain --user runner@demo.backstride
    backstride explain --case tests/data/cases/demo_like.json --json

Prints the ranked contributors with what speaks for, against and is unknown, and the next most
useful tests; ``--json`` prints ``{"blocked", "reason", "contributors": [...], "next_tests":
[...]}``. ``--case`` reads a case file (docs/case-format.md) and needs no database. A bad case
file prints a message naming the field on stderr and exits with status 2.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from backstride.errors import InputError
from backstride.reason import Explanation, as_json, explain, load_case

BAD_INPUT = 2


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=BAD_INPUT)


def _from_user(email: str) -> Explanation:
    from backstride.cli.django_env import setup_django, user_by_email

    setup_django()
    from django.utils import timezone

    from backstride_web.explain.services import explain_runner

    user = user_by_email(email)
    if not user.is_runner:
        raise _fail(f"{email} is not a runner's account")
    now: datetime = timezone.now()
    return explain_runner(user, now=now)[1]


def _print(found: Explanation, top: int) -> None:
    console = Console()
    if found.blocked:
        console.print(f"[bold red]Nothing is ranked.[/] {escape(found.reason or '')}")
        return
    console.print("[bold]Possible contributors[/] (may contribute; highest score first)")
    for position, ranked in enumerate(found.ranked[:top], start=1):
        c = ranked.contributor
        console.print(
            f"\n[bold]{position}. {escape(c.name)}[/]  score {ranked.score:+.2f}  "
            f"[dim]evidence: {c.grade}[/]"
        )
        for label, terms, colour in (
            ("for", ranked.speaks_for, "green"),
            ("against", ranked.speaks_against, "yellow"),
        ):
            for term in terms:
                console.print(f"  [{colour}]{label} {term.weight:+.2f}[/] {escape(term.detail)}")
        for term in ranked.unknown:
            console.print(f"  [dim]unknown: {escape(term.question)}[/]")
    if found.next_tests:
        console.print("\n[bold]Most useful next tests[/]")
        for test in found.next_tests:
            console.print(f"- {escape(test.check.name)}: {escape(test.why)}")
    console.print(f"\n[dim]{escape(found.notice)}[/]")


def explain_command(
    user: Annotated[
        str | None, typer.Option("--user", help="E-mail address of the runner's account.")
    ] = None,
    case: Annotated[
        Path | None,
        typer.Option("--case", help="A case file (JSON, docs/case-format.md); no database."),
    ] = None,
    as_json_: Annotated[
        bool, typer.Option("--json", help="Print the ranking as one JSON document.")
    ] = False,
    top: Annotated[int, typer.Option("--top", min=1, help="Contributors to print (text).")] = 5,
) -> None:
    """Rank what may contribute to a runner's pain, with the evidence and next tests."""
    if (user is None) == (case is None):
        raise _fail("give exactly one of --user EMAIL or --case FILE")
    if case is not None:
        try:
            found = explain(load_case(case))
        except InputError as error:
            raise _fail(str(error)) from None
    else:
        assert user is not None
        found = _from_user(user)
    if as_json_:
        typer.echo(json.dumps(as_json(found), indent=2, ensure_ascii=False))
        return
    _print(found, top)


def register(app: typer.Typer) -> None:
    app.command(name="explain")(explain_command)
