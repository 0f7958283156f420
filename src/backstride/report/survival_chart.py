"""SVG charts of the pain analysis: Kaplan-Meier step curves, pain-free minutes per run,
weekly load with its spikes.

Like :mod:`backstride.report.charts`: server-side SVG without JavaScript, an accessible
``<title>`` and ``<desc>`` that state the numbers (medians with CIs, counts), and every
user-supplied label escaped. Curves differ by dash pattern as well as colour, so the chart
reads in greyscale print and for colour-blind readers. Colours are presentation attributes
that the page's CSS may override through the ``km-0``/``km-1`` classes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from html import escape
from typing import Final

from backstride.analysis.insights import median_text
from backstride.analysis.load import WeekLoad
from backstride.analysis.survival import KMCurve
from backstride.report.charts import nice_ticks

COLOURS: Final = ("#1f6f8b", "#c2571a", "#5b8c2a", "#7a4ea3")
DASHES: Final = ("", "8 4", "2 3", "10 3 2 3")
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 28, 34


def _step_points(
    times: Sequence[float],
    values: Sequence[float],
    px: Callable[[float], float],
    py: Callable[[float], float],
) -> list[str]:
    """Points of a right-continuous step function: flat until each time, then a drop."""
    out = [f"{px(times[0]):.1f},{py(values[0]):.1f}"]
    for i in range(1, len(times)):
        x = px(times[i])
        out.append(f"{x:.1f},{py(values[i - 1]):.1f}")
        out.append(f"{x:.1f},{py(values[i]):.1f}")
    return out


def km_chart_svg(
    curves: Sequence[KMCurve],
    *,
    title: str,
    width: int = 720,
    height: int = 260,
    show_ci: bool = True,
) -> str | None:
    """Step curves of the share of runs still pain-free by minute; None without runs."""
    drawn = [c for c in curves if c.n_runs > 0]
    if not drawn:
        return None
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    x_hi = max(max(c.times_min) for c in drawn) or 1.0

    def px(minutes: float) -> float:
        return _LEFT + minutes / x_hi * plot_w

    def py(share: float) -> float:
        return _TOP + (1.0 - share) * plot_h

    parts = []
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = py(tick)
        median_dash = ' stroke-dasharray="4 3"' if tick == 0.5 else ""
        parts.append(
            f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid" '
            f'stroke="#ddd"{median_dash}/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:.0%}</text>'
        )
    for tick in nice_ticks(0.0, x_hi, 7):
        parts.append(
            f'<text x="{px(tick):.1f}" y="{height - _BOTTOM + 16}" text-anchor="middle">'
            f"{tick:g}</text>"
        )
    summaries = []
    for k, curve in enumerate(drawn):
        colour, dash = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)]
        if show_ci and len(curve.times_min) > 1:
            upper = _step_points(curve.times_min, curve.ci_high, px, py)
            lower = _step_points(curve.times_min, curve.ci_low, px, py)
            parts.append(
                f'<polygon points="{" ".join(upper + lower[::-1])}" class="band km-{k}" '
                f'fill="{colour}" fill-opacity="0.12" stroke="none"/>'
            )
        points = " ".join(_step_points(curve.times_min, curve.survival, px, py))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{points}" class="line km-{k}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
        )
        legend_y = height + 16 * k + 4
        label = f"{curve.label}: median {median_text(curve)}, {curve.n_runs} runs"
        parts.append(
            f'<line x1="{_LEFT}" x2="{_LEFT + 24}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2"{dash_attr}/>'
            f'<text x="{_LEFT + 30}" y="{legend_y}" class="legend">{escape(label)}</text>'
        )
        summaries.append(label)
    desc = "Share of runs still pain-free by minute of running. " + "; ".join(summaries) + "."
    return (
        f'<svg class="chart km-chart" viewBox="0 0 {width} {height + 16 * len(drawn)}" '
        f'role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
        f'<text x="{_LEFT}" y="16" class="chart-title">{escape(title)}</text>'
        f"{''.join(parts)}"
        f'<text x="{width - _RIGHT}" y="{height - 4}" text-anchor="end">minutes into the run</text>'
        f"</svg>"
    )


def pain_free_minutes_svg(
    points: Sequence[tuple[datetime, float, bool]],
    *,
    title: str,
    width: int = 720,
    height: int = 220,
) -> str | None:
    """Pain-free minutes per run over time: (start, minutes, pain started?) per run.

    A filled dot is a run where pain started at that minute; an open dot a pain-free run
    (pain-free for *at least* that long). None with fewer than two runs.
    """
    if len(points) < 2:
        return None
    ordered = sorted(points)
    t0 = ordered[0][0]
    days = [(p[0] - t0).total_seconds() / 86_400 for p in ordered]
    x_hi = max(days) or 1.0
    y_hi = max(p[1] for p in ordered) or 1.0
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM

    def px(day: float) -> float:
        return _LEFT + day / x_hi * plot_w

    def py(minutes: float) -> float:
        return _TOP + (1.0 - minutes / y_hi) * plot_h

    parts = []
    for tick in nice_ticks(0.0, y_hi, 5):
        y = py(tick)
        parts.append(
            f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid" '
            f'stroke="#ddd"/><text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{tick:g}</text>"
        )
    for day, anchor in ((0.0, "start"), (x_hi, "end")):
        when = (t0 + timedelta(days=day)).date().isoformat()
        parts.append(
            f'<text x="{px(day):.1f}" y="{height - _BOTTOM + 16}" text-anchor="{anchor}">'
            f"{when}</text>"
        )
    for day, (_, minutes, pain) in zip(days, ordered, strict=True):
        fill = COLOURS[1] if pain else "none"
        parts.append(
            f'<circle cx="{px(day):.1f}" cy="{py(minutes):.1f}" r="3.5" '
            f'class="{"pain" if pain else "pain-free"}" fill="{fill}" stroke="{COLOURS[1]}"/>'
        )
    n_pain = sum(1 for p in ordered if p[2])
    desc = (
        f"{len(ordered)} runs from {ordered[0][0].date().isoformat()} to "
        f"{ordered[-1][0].date().isoformat()}: pain started in {n_pain} (filled dots, at the "
        f"minute it started); {len(ordered) - n_pain} were pain-free (open dots, whole run)."
    )
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
        f'<text x="{_LEFT}" y="16" class="chart-title">{escape(title)}</text>'
        f"{''.join(parts)}"
        f'<text x="{width // 2}" y="{height - 4}" text-anchor="middle">'
        f"pain-free minutes per run, by date</text></svg>"
    )


def weekly_load_svg(
    weeks: Sequence[WeekLoad], *, title: str, width: int = 720, height: int = 200
) -> str | None:
    """Weekly distance as bars (km); weeks containing a load spike are marked ▲ and carry the
    ``spike`` class. None without weeks."""
    if not weeks:
        return None
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    km = [w.distance_m / 1000 for w in weeks]
    y_hi = max(km) or 1.0
    slot = plot_w / len(weeks)
    parts = []
    for tick in nice_ticks(0.0, y_hi, 5):
        y = _TOP + (1 - tick / y_hi) * plot_h
        parts.append(
            f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid" '
            f'stroke="#ddd"/><text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{tick:g}</text>"
        )
    for i, (week, value) in enumerate(zip(weeks, km, strict=True)):
        x = _LEFT + i * slot + slot * 0.1
        bar_h = value / y_hi * plot_h
        css = "bar spike" if week.spikes else "bar"
        colour = COLOURS[1] if week.spikes else COLOURS[0]
        parts.append(
            f'<rect x="{x:.1f}" y="{_TOP + plot_h - bar_h:.1f}" width="{slot * 0.8:.1f}" '
            f'height="{bar_h:.1f}" class="{css}" fill="{colour}"/>'
        )
        if week.spikes:
            parts.append(
                f'<text x="{x + slot * 0.4:.1f}" y="{_TOP + plot_h - bar_h - 3:.1f}" '
                f'text-anchor="middle" class="spike-mark">▲</text>'
            )
    for index, anchor in ((0, "start"), (len(weeks) - 1, "end")):
        x = _LEFT + (index + (0 if anchor == "start" else 1)) * slot
        parts.append(
            f'<text x="{x:.1f}" y="{height - _BOTTOM + 16}" text-anchor="{anchor}">'
            f"{weeks[index].week_start.isoformat()}</text>"
        )
    spiky = sum(1 for w in weeks if w.spikes)
    desc = (
        f"Distance per week over {len(weeks)} weeks from {weeks[0].week_start.isoformat()}: "
        f"up to {max(km):.1f} km; {spiky} week(s) with a run more than 10 % longer than the "
        "longest of the previous 30 days (marked ▲)."
    )
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
        f'<text x="{_LEFT}" y="16" class="chart-title">{escape(title)}</text>'
        f"{''.join(parts)}"
        f'<text x="{width // 2}" y="{height - 4}" text-anchor="middle">km per week</text></svg>'
    )
