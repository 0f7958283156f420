"""``backstride report``, run in-process: the files it writes and its clear errors."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from backstride.cli import app
from backstride_web.demo import RUNNER_EMAIL, build_demo
from tests.factories import make_runner

cli = CliRunner()


@pytest.fixture
def demo(db: None) -> None:
    build_demo(today=timezone.localdate())


def test_it_writes_the_pdf_and_the_html(demo: None, tmp_path: Path) -> None:
    pdf, html = tmp_path / "sam.pdf", tmp_path / "sam.html"
    today = timezone.localdate()
    start = today - datetime.timedelta(days=27)
    period = ["--from", start.isoformat(), "--to", today.isoformat()]
    result = cli.invoke(
        app, ["report", "--user", RUNNER_EMAIL, *period, "--pdf", str(pdf), "--html", str(html)]
    )
    assert result.exit_code == 0, result.output
    assert str(pdf) in result.stdout
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert f"{start} to {today} (28 days)" in " ".join(text.split())
    assert "Safety screen" in text
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert f"{start} to {today}" in page


def test_without_user_it_takes_the_only_runner(demo: None, tmp_path: Path) -> None:
    result = cli.invoke(app, ["report", "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "Sam (demo)" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody@example.org"], "--user: no account with e-mail"),
        (["--user", RUNNER_EMAIL, "--from", "2026-05-02", "--to", "2026-05-01"], "--from"),
        (["--user", RUNNER_EMAIL, "--to", "2999-01-01"], "--to"),
        (["--user", RUNNER_EMAIL, "--from", "May 1st"], "not a date"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(
    demo: None, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "r.pdf"
    result = cli.invoke(app, ["report", *args, "--pdf", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not out.exists()


def test_an_unwritable_path_is_refused_before_any_work(db: None, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "r.pdf"
    result = cli.invoke(app, ["report", "--user", RUNNER_EMAIL, "--pdf", str(missing)])
    assert result.exit_code == 2
    assert "--pdf: the folder" in result.stderr
    result = cli.invoke(app, ["report", "--user", RUNNER_EMAIL, "--html", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_it_needs_an_output_and_a_runner(db: None, tmp_path: Path) -> None:
    assert "give --pdf FILE" in cli.invoke(app, ["report"]).stderr
    make_runner("one@example.org")
    make_runner("two@example.org")
    result = cli.invoke(app, ["report", "--pdf", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert "several runner accounts" in result.stderr
