"""``backstride score``: score a questionnaire from JSON answers, for scripts and clinicians.

::

    backstride score startback --answers '[1,0,0,0,1,1,1,0,"very much"]'
    backstride score odi --answers '{"1": 2, "2": [1, 3], "8": null, ...}'
    backstride score rmdq --answers - < answers.json
    backstride score --list

Prints ``{"instrument", "version", "score", "subscores", "category"}`` as JSON. Bad input
(unknown instrument, malformed JSON, a missing or out-of-range answer) prints a message naming
the field on stderr and exits with status 2. Each scorer's docstring gives the accepted answer
forms, its version and cut-offs.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from backstride.assess import instruments
from backstride.errors import InputError

BAD_INPUT = 2


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=BAD_INPUT)


def _list() -> None:
    width = max(len(name) for name in instruments.names())
    for entry in instruments.instruments():
        low, high = entry.score_range
        text = "text shipped" if entry.text_shipped else "scorer only"
        typer.echo(
            f"{entry.name:<{width}}  {entry.version}  {entry.title} "
            f"(score {low:g}-{high:g}; {text})"
        )


def score(
    instrument: Annotated[
        str | None,
        typer.Argument(help="Instrument name, e.g. startback, rmdq, odi, run_outcome."),
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option("--answers", help="Answers as JSON (a list or an object); '-' reads stdin."),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the instruments and their versions.")
    ] = False,
) -> None:
    """Score a questionnaire and print the result as JSON."""
    if list_:
        _list()
        return
    if instrument is None:
        raise _fail("name an instrument (see --list)")
    try:
        entry = instruments.get(instrument)
    except InputError as error:
        raise _fail(str(error)) from None
    if answers is None:
        raise _fail("--answers is required")
    raw = sys.stdin.read() if answers == "-" else answers
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _fail(f"--answers is not valid JSON: {error}") from None
    try:
        result = entry.scorer(parsed)
    except InputError as error:
        raise _fail(str(error)) from None
    data = result.as_dict()
    keys = ("instrument", "version", "score", "subscores", "category")
    typer.echo(json.dumps({key: data[key] for key in keys}, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add ``score`` to the ``backstride`` app."""
    app.command()(score)
