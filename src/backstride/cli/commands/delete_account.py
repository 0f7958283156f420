from __future__ import annotations

from typing import Annotated

import typer

from backstride.cli.commands.jobs import UserOption
from backstride.cli.django_env import setup_django, user_by_email


def delete_account(
    user: UserOption,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete; nothing is asked.")] = False,
) -> None:
    """Delete an account and everything derived from it: rows and files. Cannot be undone."""
    setup_django()
    from backstride_web.accounts.services import delete_account as delete

    account = user_by_email(user)
    if not yes:
        typer.secho(
            f"This deletes {account.email} and all its data. Run again with --yes to do it.",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(1)
    counts = delete(account)
    typer.echo(f"deleted {account.email}: {counts['rows']} rows, {counts['files']} files")


def register(app: typer.Typer) -> None:
    app.command("delete-account")(delete_account)
