"""Small, dependency-free SVG line charts for activity streams.

Server-side SVG needs no JavaScript (the pages' strict CSP allows none inline), prints
sharply in the PDF report, and stays readable to screen readers through its ``<title>``
and ``<desc>``. Long streams are reduced to ``max_points`` by keeping each bucket's
minimum and maximum, so spikes survive.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from html import escape

import numpy as np

from backstride.model import FloatArray


def nice_ticks(
    low: float, high: float, count: int = 5, steps: Sequence[float] | None = None
) -> list[float]:
    """Round tick values covering [low, high]: 1, 2, 2.5 or 5 times a power of ten, or
    the smallest of ``steps`` (e.g. 30, 60, 120 s for paces) that keeps ``count`` ticks."""
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high <= low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    if steps:
        step = next((s for s in sorted(steps) if s >= raw), max(steps))
    else:
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def downsample(x: FloatArray, y: FloatArray, max_points: int) -> tuple[FloatArray, FloatArray]:
    """Keep each bucket's min and max (in time order) so peaks are not smoothed away."""
    if len(x) <= max_points:
        return x, y
    buckets = max_points // 2
    edges = np.linspace(0, len(x), buckets + 1).astype(int)
    keep: list[int] = []
    for start, end in itertools.pairwise(edges):
        if end <= start:
            continue
        chunk = y[start:end]
        lo, hi = start + int(np.argmin(chunk)), start + int(np.argmax(chunk))
        keep.extend(sorted({lo, hi}))
    index = np.array(keep, dtype=int)
    return x[index], y[index]


def _fmt(value: float) -> str:
    return f"{value:g}"


def line_chart_svg(
    x: FloatArray,
    y: FloatArray,
    *,
    title: str,
    y_label: str,
    x_label: str = "minutes",
    invert_y: bool = False,
    y_format: Callable[[float], str] = _fmt,
    y_steps: Sequence[float] | None = None,
    marker_x: float | None = None,
    marker_label: str = "",
    width: int = 720,
    height: int = 200,
    max_points: int = 600,
) -> str | None:
    """An accessible SVG line chart, or None when fewer than two finite points exist.

    ``marker_x`` draws a labelled vertical line (e.g. the minute the pain started).
    """
    finite = np.isfinite(x) & np.isfinite(y)
    if finite.sum() < 2:
        return None
    xs, ys = downsample(x[finite], y[finite], max_points)
    left, right, top, bottom = 56, 12, 28, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    x_lo, x_hi = float(xs.min()), float(xs.max())
    y_lo, y_hi = float(ys.min()), float(ys.max())
    if y_hi == y_lo:
        y_lo, y_hi = y_lo - 1, y_hi + 1
    if x_hi == x_lo:
        x_hi = x_lo + 1

    def px(value: float) -> float:
        return left + (value - x_lo) / (x_hi - x_lo) * plot_w

    def py(value: float) -> float:
        share = (value - y_lo) / (y_hi - y_lo)
        return top + (share if invert_y else 1 - share) * plot_h

    points = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(xs, ys, strict=True))
    grid = []
    for tick in nice_ticks(y_lo, y_hi, steps=y_steps):
        yy = py(tick)
        label = escape(y_format(tick))
        grid.append(
            f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{label}</text>'
        )
    for tick in nice_ticks(x_lo, x_hi, 7):
        xx = px(tick)
        grid.append(
            f'<text x="{xx:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{escape(_fmt(tick))}</text>"
        )
    if marker_x is not None and x_lo <= marker_x <= x_hi:
        mx = px(marker_x)
        grid.append(
            f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{top}" y2="{top + plot_h}" class="marker"/>'
            f'<text x="{mx + 4:.1f}" y="{top + 12}" class="marker-label">'
            f"{escape(marker_label)}</text>"
        )
    summary = (
        f"{escape(y_label)} from {escape(y_format(float(ys.min())))} to "
        f"{escape(y_format(float(ys.max())))} over {escape(_fmt(round(x_hi - x_lo, 1)))} {x_label}"
    )
    if marker_x is not None and marker_label:
        summary += f"; {escape(marker_label)} at {escape(_fmt(round(marker_x, 1)))} {x_label}"
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{summary}</desc>"
        f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>'
        f"{''.join(grid)}"
        f'<polyline points="{points}" class="line"/>'
        f'<text x="{width - right}" y="{height - 4}" text-anchor="end">{escape(x_label)}</text>'
        f"</svg>"
    )


PACE_STEPS_S = (15.0, 30.0, 60.0, 120.0, 300.0)
"""Tick spacings that read naturally on a pace axis."""


def pace_label(seconds_per_km: float) -> str:
    """Pace as m:ss (per km or per mile, whichever the seconds are per)."""
    if not math.isfinite(seconds_per_km) or seconds_per_km <= 0:
        return "–"
    minutes, seconds = divmod(round(seconds_per_km), 60)
    return f"{minutes}:{seconds:02d}"
