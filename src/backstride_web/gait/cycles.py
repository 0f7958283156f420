"""Joint angles over the normalised gait cycle, left against right, and their SVG charts.

A stride runs from one initial contact (IC) of a foot to its next IC (0–100 %). For each
valid stride the angle series is resampled to :data:`POINTS` points; the chart shows the
mean curve of each side and the mean toe-off point. Angles come from the core's angle
functions (:mod:`backstride.gait.angles`) on the filtered landmarks, so they match the
metrics table. The curves are computed once by the job and kept in the session summary, so
a results page or report never needs the per-frame data again.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from html import escape
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from backstride.gait import angles
from backstride.gait.analyse import GaitResult
from backstride.gait.events import LEG, SIDES, Contact, Side
from backstride.gait.pose import L_SHOULDER, R_SHOULDER
from backstride.report.charts import nice_ticks

FloatArray = NDArray[np.float64]
POINTS: Final = 51
#: line colour and dash per side, as SVG attributes so the PDF needs no stylesheet
STYLE: Final[dict[str, tuple[str, str]]] = {
    "left": ("#1f5fa8", "none"),
    "right": ("#c25e00", "6 4"),
}
MAX_STRIDE_S: Final = 2.0

ANGLES: Final[dict[str, tuple[str, str]]] = {
    "knee_flexion": ("Knee flexion", "0° = straight leg"),
    "hip_flexion": ("Hip flexion", "thigh ahead of the trunk line positive, extension negative"),
    "foot_angle": ("Foot angle", "heel→toe above the horizontal, toe up positive"),
}


def _series(result: GaitResult, side: Side) -> dict[str, FloatArray]:
    xy = result.cleaned.xy
    hip, knee, ankle, heel, toe = (xy[:, i] for i in LEG[side])
    shoulder = (xy[:, L_SHOULDER] + xy[:, R_SHOULDER]) / 2.0
    d = result.direction
    return {
        "knee_flexion": angles.knee_flexion(hip, knee, ankle),
        "hip_flexion": angles.hip_flexion(shoulder, hip, knee, d),
        "foot_angle": angles.foot_angle(heel, toe, d),
    }


def _strides(result: GaitResult, side: Side) -> list[tuple[Contact, Contact]]:
    own = [c for c in result.contacts if c.side == side]
    limit = MAX_STRIDE_S * result.fps
    return [
        (a, b)
        for a, b in itertools.pairwise(own)
        if a.valid and b.valid and 0 < b.ic - a.ic <= limit
    ]


def gait_cycles(result: GaitResult) -> dict[str, Any]:
    """``{"points", "angles": {name: {side: [mean per % or None]}}, "strides": {side: n},
    "toe_off_pct": {side: mean % or None}}`` — JSON-ready, rounded to 0.1°."""
    grid = np.linspace(0.0, 1.0, POINTS)
    out: dict[str, Any] = {
        "points": POINTS,
        "angles": {name: {} for name in ANGLES},
        "strides": {},
        "toe_off_pct": {},
    }
    for side in SIDES:
        series = _series(result, side)
        strides = _strides(result, side)
        out["strides"][side] = len(strides)
        toe_offs = [100.0 * (a.to - a.ic) / (b.ic - a.ic) for a, b in strides if a.to is not None]
        out["toe_off_pct"][side] = round(float(np.mean(toe_offs)), 1) if toe_offs else None
        for name, values in series.items():
            curves = []
            for a, b in strides:
                frames = np.arange(a.ic, b.ic + 1)
                segment = values[a.ic : b.ic + 1]
                finite = np.isfinite(segment)
                if finite.sum() < 0.8 * segment.size:
                    continue
                phase = (frames - a.ic) / (b.ic - a.ic)
                curves.append(np.interp(grid, phase[finite], segment[finite]))
            out["angles"][name][side] = (
                [round(float(v), 1) for v in np.mean(curves, axis=0)] if curves else None
            )
    return out


def _fmt(value: float) -> str:
    return f"{value:g}"


def cycle_chart_svg(
    left: list[float] | None,
    right: list[float] | None,
    *,
    title: str,
    note: str,
    toe_off: dict[str, float | None],
    strides: dict[str, int],
    width: int = 720,
    height: int = 240,
    y_format: Callable[[float], str] = _fmt,
) -> str | None:
    """Two curves (left solid blue, right dashed orange) over 0–100 % of the gait cycle, as
    an accessible inline SVG (no script, prints in the PDF); None without any curve."""
    curves = {side: c for side, c in (("left", left), ("right", right)) if c}
    if not curves:
        return None
    values = [v for c in curves.values() for v in c if math.isfinite(v)]
    y_lo, y_hi = min(values), max(values)
    if y_hi - y_lo < 10:
        middle = (y_hi + y_lo) / 2
        y_lo, y_hi = middle - 5, middle + 5
    pad = 0.05 * (y_hi - y_lo)
    y_lo, y_hi = y_lo - pad, y_hi + pad
    left_px, right_px, top, bottom = 56, 12, 40, 34
    plot_w, plot_h = width - left_px - right_px, height - top - bottom

    def px(pct: float) -> float:
        return left_px + pct / 100.0 * plot_w

    def py(value: float) -> float:
        return top + (1 - (value - y_lo) / (y_hi - y_lo)) * plot_h

    parts = []
    for tick in nice_ticks(y_lo, y_hi):
        y = py(tick)
        parts.append(
            f'<line x1="{left_px}" x2="{width - right_px}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="grid"/><text x="{left_px - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(y_format(tick))}°</text>"
        )
    for pct in range(0, 101, 20):
        parts.append(
            f'<text x="{px(pct):.1f}" y="{height - bottom + 16}" text-anchor="middle">{pct}</text>'
        )
    desc = []
    for side, curve in curves.items():
        n = len(curve)
        points = " ".join(
            f"{px(100.0 * i / (n - 1)):.1f},{py(v):.1f}"
            for i, v in enumerate(curve)
            if math.isfinite(v)
        )
        stroke, dash = STYLE[side]
        parts.append(
            f'<polyline points="{points}" class="line gait-{side}" fill="none" '
            f'stroke="{stroke}" stroke-width="2" stroke-dasharray="{dash}"/>'
        )
        at = toe_off.get(side)
        if at is not None:
            x = px(at)
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" '
                f'class="toe-off gait-{side}" stroke="{stroke}" stroke-width="1" '
                f'stroke-dasharray="2 3"/>'
            )
        low, high = min(curve), max(curve)
        desc.append(
            f"{side}: {strides.get(side, 0)} strides, from {low:.0f}° to {high:.0f}°"
            + (f", toe-off at {at:.0f} %" if at is not None else "")
        )
    legend = (
        f'<text x="{left_px}" y="32" class="legend"><tspan fill="{STYLE["left"][0]}">'
        f'━ left ({strides.get("left", 0)} strides)</tspan>   <tspan fill="{STYLE["right"][0]}">'
        f"╍ right ({strides.get('right', 0)} strides)</tspan>   <tspan>┆ toe-off</tspan></text>"
    )
    return (
        f'<svg class="chart gait-cycle" viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(note)}. {escape('; '.join(desc))}</desc>"
        f'<text x="{left_px}" y="16" class="chart-title">{escape(title)}'
        f'<tspan class="muted"> ({escape(note)})</tspan></text>{legend}'
        f"{''.join(parts)}"
        f'<text x="{width - right_px}" y="{height - 4}" text-anchor="end">% of gait cycle '
        f"(initial contact to the same foot's next contact)</text></svg>"
    )


def cycle_charts(summary: dict[str, Any]) -> list[str]:
    """The SVG charts of a stored session summary (empty when no stride was measured)."""
    cycles = summary.get("cycles")
    if not cycles:
        return []
    charts = []
    for name, (title, note) in ANGLES.items():
        curves = cycles["angles"].get(name, {})
        svg = cycle_chart_svg(
            curves.get("left"),
            curves.get("right"),
            title=title,
            note=note,
            toe_off=cycles.get("toe_off_pct", {}),
            strides=cycles.get("strides", {}),
        )
        if svg is not None:
            charts.append(svg)
    return charts
