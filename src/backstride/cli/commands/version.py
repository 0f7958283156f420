from __future__ import annotations

import platform

import typer

import backstride


def version() -> None:
    """Print the backstride version."""
    typer.echo(f"backstride {backstride.__version__} (Python {platform.python_version()})")


def register(app: typer.Typer) -> None:
    app.command()(version)
