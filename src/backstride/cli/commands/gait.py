"""``backstride gait VIDEO``: running gait from a phone video (capability M9, docs/gait.md).

::

    backstride gait run.mp4
    backstride gait run.mp4 --json --csv out/ --overlay out/annotated.mp4

Runs pose estimation with a progress bar (on stderr), then prints the metrics table and the
capture-quality warnings; ``--json`` prints ``{"view", "fps", "frames", "steps": {"left",
"right"}, "metrics": {name: {"median", "iqr", "unit", "n", "quality"}}, "warnings": [...]}``.
A file we cannot use prints the reason on stderr and exits with status 2. No database needed.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from backstride.errors import BackstrideError, InputError

BAD_INPUT = 2


class View(StrEnum):
    side = "side"
    rear = "rear"


def _crop(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    try:
        left, top, right, bottom = (float(part) for part in text.split(","))
    except ValueError as error:
        raise typer.BadParameter("give four fractions: left,top,right,bottom") from error
    return left, top, right, bottom


def gait(
    video: Annotated[Path, typer.Argument(help="The video: mp4, mov, avi or webm.")],
    view: Annotated[
        View, typer.Option(help="Camera view: side, or rear (from behind).")
    ] = View.side,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv", help="Write frames.csv and steps.csv to this folder.")
    ] = None,
    overlay: Annotated[
        Path | None, typer.Option("--overlay", help="Write an annotated video here.")
    ] = None,
    slowmo: Annotated[
        float, typer.Option(help="Slow-motion factor: 8 for 240 fps exported at 30 fps.")
    ] = 1.0,
    start: Annotated[float, typer.Option(help="Start at this second.")] = 0.0,
    end: Annotated[float | None, typer.Option(help="Stop at this second.")] = None,
    crop: Annotated[
        str | None,
        typer.Option(help="Only look here for the runner: left,top,right,bottom as fractions."),
    ] = None,
) -> None:
    """Measure running gait from a phone video: side view (cadence, contact, foot strike,
    angles) or rear view (pelvic drop, step width, crossover, sway)."""
    from backstride.gait import analyse_video

    err = Console(stderr=True)
    bar = Progress(
        TextColumn("pose"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} frames"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    try:
        with bar:
            task = bar.add_task("pose", total=None)
            result = analyse_video(
                video,
                view="rear" if view is View.rear else "side",
                slowmo_factor=slowmo,
                start_s=start,
                end_s=end,
                crop=_crop(crop),
                overlay_path=overlay,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except InputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=BAD_INPUT) from error
    except BackstrideError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(code=1) from error
    if csv_dir is not None:
        result.write_csv(csv_dir)
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2))
        return
    out = Console()
    steps = result.steps()
    out.print(
        f"[bold]{result.view}[/] view, {result.fps:.0f} frames/s, {result.frames} frames, "
        f"{steps['left']} left + {steps['right']} right usable steps"
    )
    table = Table("metric", "median", "IQR", "unit", "n", "quality", "reference")
    for name, metric in result.metrics.items():
        ref = metric.reference
        band = "–".join(f"{v:g}" for v in (ref.low, ref.high) if v is not None) or "none"
        if ref.low is not None and ref.high is None:
            band = f"≥ {ref.low:g}"
        elif ref.high is not None and ref.low is None:
            band = f"≤ {ref.high:g}"
        table.add_row(
            name.replace("_", " "),
            "—" if metric.median is None else f"{metric.median:.1f}",
            "—" if metric.iqr is None else f"{metric.iqr:.1f}",
            metric.unit,
            str(metric.n),
            metric.quality,
            band,
        )
    out.print(table)
    for warning in result.warnings:
        out.print(f"[yellow]! {escape(warning.text())}[/]")
    if csv_dir is not None:
        out.print(f"CSV: {csv_dir / 'frames.csv'}, {csv_dir / 'steps.csv'}")
    if result.overlay_path is not None:
        out.print(f"annotated video: {result.overlay_path}")
    out.print("[dim]Not a medical device: these are estimates from 2D video (docs/gait.md).[/]")


def register(app: typer.Typer) -> None:
    app.command()(gait)
