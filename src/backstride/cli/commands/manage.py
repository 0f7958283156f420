from __future__ import annotations

import typer

from backstride.cli.django_env import setup_django


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. ``backstride manage migrate``."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["backstride manage", *ctx.args])


def register(app: typer.Typer) -> None:
    app.command(
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )(manage)
