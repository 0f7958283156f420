"""The ``backstride`` command line: the composition root of the application.

Each module in :mod:`backstride.cli.commands` adds its commands through a
``register(app)`` function, so a capability brings its own commands without editing
this file. Django is imported lazily, inside the commands that need it, so that
``backstride --help`` and the core stay free of it.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from backstride.cli import commands

app = typer.Typer(
    name="backstride",
    help="Find out why your back hurts when you run, and get back to running without it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _register_commands() -> None:
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(app)


_register_commands()


def main() -> None:
    """Entry point of the ``backstride`` console script."""
    app()
