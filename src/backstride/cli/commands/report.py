"""``backstride report``: the clinician report of a runner as a PDF and/or an HTML file.

::

    backstride report --user runner@demo.backstride --pdf report.pdf
    backstride report --user runner@demo.backstride --from 2026-09-01 --to 2026-11-27 \\
        --pdf report.pdf --html report.html

The same report as the Report page (docs/report.md), rendered from the same templates. Without
``--from``/``--to`` it covers the last 12 weeks; without ``--user`` the only runner account of
this installation. Bad input (no such account, ``--from`` after ``--to``, a file that cannot
be written) prints a message naming the option and exits with status 2, writing nothing; a
missing PDF engine (WeasyPrint's Pango) exits with status 1.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

BAD_INPUT = 2
NO_PDF_ENGINE = 1


def _fail(message: str, code: int = BAD_INPUT) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=code)


def _runner(email: str | None) -> Any:
    from backstride.cli.django_env import user_by_email
    from backstride_web.accounts.models import Role, User

    if email is None:
        runners = list(User.objects.filter(role=Role.RUNNER, is_active=True)[:2])
        if len(runners) != 1:
            found = "no runner account" if not runners else "several runner accounts"
            raise _fail(f"--user: {found} here; give --user EMAIL")
        return runners[0]
    try:
        user = user_by_email(email)
    except typer.BadParameter as error:
        raise _fail(f"--user: {error.message}") from None
    if not user.is_runner:
        raise _fail(f"--user: {email} is not a runner's account")
    return user


def _check_writable(path: Path, option: str) -> Path:
    target = path.expanduser().resolve()
    if target.is_dir():
        raise _fail(f"{option}: {path} is a directory, not a file")
    if not target.parent.is_dir():
        raise _fail(f"{option}: the folder {target.parent} does not exist")
    if not os.access(target.parent, os.W_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise _fail(f"{option}: {path} cannot be written (permission denied)")
    return target


def _write(target: Path, content: bytes) -> None:
    """Write to a temporary file beside ``target``, then rename: never a half-written file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def report_command(
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Write the report as an A4 PDF to this file.")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Write the report as one standalone HTML file too."),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="E-mail of the runner (default: the only runner here)."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="First day covered, YYYY-MM-DD (default: 12 weeks back)."),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day covered, YYYY-MM-DD (default: today).")
    ] = None,
) -> None:
    """Write a runner's clinician report (not a diagnosis) as a PDF and/or HTML file."""
    if pdf is None and html is None:
        raise _fail("--pdf: give --pdf FILE (and/or --html FILE)")
    pdf_target = _check_writable(pdf, "--pdf") if pdf is not None else None
    html_target = _check_writable(html, "--html") if html is not None else None

    from backstride.cli.django_env import setup_django

    setup_django()
    from django.utils import timezone

    from backstride.errors import InputError
    from backstride_web.report.periods import parse_period
    from backstride_web.report.render import (
        PdfUnavailableError,
        render_report_html,
        render_report_pdf,
    )

    runner = _runner(user)
    try:
        period = parse_period(start, end, today=timezone.localdate())
    except InputError as error:
        raise _fail(f"--{error.source}: {error.message}") from None
    now = timezone.now()
    outputs: list[tuple[Path, bytes]] = []
    if pdf_target is not None:
        try:
            outputs.append((pdf_target, render_report_pdf(runner, period, now=now)))
        except PdfUnavailableError as error:
            raise _fail(error.message, NO_PDF_ENGINE) from None
    if html_target is not None:
        document = render_report_html(runner, period, now=now)
        outputs.append((html_target, document.encode("utf-8")))
    for target, content in outputs:
        try:
            _write(target, content)
        except OSError as error:
            raise _fail(f"{target}: {error.strerror or error}") from None
        typer.echo(str(target))
    typer.echo(
        f"Report of {runner} for {period.start.isoformat()} to {period.end.isoformat()} "
        "(not a diagnosis)."
    )


def register(app: typer.Typer) -> None:
    app.command(name="report")(report_command)
