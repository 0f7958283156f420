"""The CENT-style period diagram of an experiment, as a server-side SVG.

CENT 2015 (Vohra et al., BMJ 2015;350:h1793, item 17 and its figure) asks that an n-of-1
trial show each period's treatment with its outcome over time. Here the x axis is the
calendar from the first day to the last; each slot is a band labelled with its arm (A or B;
R for run-in; "?" for a slot not yet revealed), with a line between blocks; the top panel
shows each run's pain-free minutes (filled circle: pain started then; open triangle: no pain,
the run's length is a lower bound) and the bottom panel its peak pain (0-10) with the safety
line. A run that did not follow its arm is drawn hollow and named in the description.

Colours are never the only cue (letters on the bands, marker shapes); presentation
attributes only (no ``style``), so the strict CSP and the PDF renderer both accept it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

from backstride.analysis.nof1 import Observation
from backstride.experiments.design import ArmKey
from backstride.experiments.schedule import Schedule
from backstride.report.charts import nice_ticks

BAND: Final = {"A": "#d4e4f7", "B": "#f9dfc4", None: "#e8e8e8"}
INK: Final = {"A": "#1d4f91", "B": "#9a4d0b"}
WIDTH: Final = 720
TOP: Final = 56
LEFT: Final = 52
RIGHT: Final = 12
MAIN_H: Final = 170
GAP: Final = 26
PAIN_H: Final = 70
BOTTOM: Final = 58


@dataclass(frozen=True, slots=True)
class RunIn:
    """A run-in run: drawn in grey, never analysed."""

    day: datetime.date
    pain_free_min: float
    event: bool
    peak_pain: int


def period_diagram_svg(
    schedule: Schedule,
    observations: Sequence[Observation],
    *,
    today: datetime.date,
    horizon_min: float | None = None,
    title: str = "Period diagram",
    run_in: Sequence[RunIn] = (),
) -> str:
    """The diagram of ``schedule`` with the runs in ``observations`` (see the module
    docstring) and the run-in runs in ``run_in`` (grey, not analysed); slots that start after
    ``today`` keep their arm hidden."""
    design = schedule.design
    first, last = schedule.start, schedule.end
    n_days = (last - first).days + 1
    plot_w = WIDTH - LEFT - RIGHT
    day_w = plot_w / n_days
    height = TOP + MAIN_H + GAP + PAIN_H + BOTTOM
    y_max = max(
        [o.pain_free_min for o in observations]
        + [r.pain_free_min for r in run_in]
        + [horizon_min or 0.0, 10.0]
    )
    ticks = nice_ticks(0.0, y_max, 5)
    y_top = max(ticks[-1] if ticks else y_max, y_max) * 1.08  # room for the top markers

    def px(day: datetime.date) -> float:
        return LEFT + (day - first).days * day_w

    def py(minutes: float) -> float:
        return TOP + MAIN_H - minutes / y_top * MAIN_H

    def pp(pain: float) -> float:
        base = TOP + MAIN_H + GAP
        return base + PAIN_H - pain / 10.0 * PAIN_H

    parts: list[str] = [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{MAIN_H}" fill="#ffffff" '
        f'stroke="#b8bec8"/>',
        f'<rect x="{LEFT}" y="{TOP + MAIN_H + GAP}" width="{plot_w}" height="{PAIN_H}" '
        f'fill="#ffffff" stroke="#b8bec8"/>',
    ]
    for slot in schedule.slots:
        shown = slot.first_day <= today
        arm = slot.arm if shown else None
        x0 = px(slot.first_day)
        width = ((slot.last_day - slot.first_day).days + 1) * day_w
        fill = BAND[arm] if shown else "#f4f4f4"
        for band_y, band_h in ((TOP, MAIN_H), (TOP + MAIN_H + GAP, PAIN_H)):
            parts.append(
                f'<rect x="{x0:.1f}" y="{band_y}" width="{width:.1f}" height="{band_h}" '
                f'fill="{fill}"/>'
            )
        if slot.analysed_from > slot.first_day:
            wash = (slot.analysed_from - slot.first_day).days * day_w
            parts.append(
                f'<rect x="{x0:.1f}" y="{TOP}" width="{wash:.1f}" height="{MAIN_H}" '
                f'fill="#ffffff" fill-opacity="0.55"/>'
            )
        letter = "R" if slot.phase == "run_in" else (slot.arm if shown else "?")
        parts.append(
            f'<text x="{x0 + width / 2:.1f}" y="{TOP - 6}" text-anchor="middle" '
            f'font-size="11" font-weight="700" fill="#333">{escape(str(letter))}</text>'
        )
        if slot.phase == "block" and slot.position == 1:
            parts.append(
                f'<line x1="{x0:.1f}" x2="{x0:.1f}" y1="{TOP - 22}" '
                f'y2="{TOP + MAIN_H + GAP + PAIN_H}" stroke="#555" stroke-width="1"/>'
                f'<text x="{x0 + 2:.1f}" y="{TOP - 24}" font-size="10" fill="#555">'
                f"block {slot.block}</text>"
            )
    for tick in ticks:
        y = py(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#000" stroke-opacity="0.08"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{tick:g}</text>"
        )
    for pain in (0, 5, 10):
        pain_y = pp(pain)
        parts.append(
            f'<text x="{LEFT - 6}" y="{pain_y + 4:.1f}" text-anchor="end" '
            f'font-size="11">{pain}</text>'
        )
    stop_y = pp(design.safety_stop_nrs)
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{stop_y:.1f}" y2="{stop_y:.1f}" '
        f'stroke="#b3261e" stroke-dasharray="4 3"/>'
        f'<text x="{WIDTH - RIGHT - 4}" y="{stop_y - 3:.1f}" text-anchor="end" font-size="10" '
        f'fill="#b3261e">safety stop above {design.safety_stop_nrs}/10</text>'
    )
    if horizon_min is not None and horizon_min <= y_top:
        y = py(horizon_min)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#444" '
            f'stroke-dasharray="2 3"/><text x="{LEFT + 4}" y="{y - 3:.1f}" font-size="10" '
            f'fill="#444">compared up to {horizon_min:.0f} min</text>'
        )
    for run in run_in:
        x = px(run.day) + day_w / 2
        y = py(run.pain_free_min)
        if run.event:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#777777"/>')
        else:
            parts.append(
                f'<path d="M{x - 5:.1f},{y + 4:.1f} L{x + 5:.1f},{y + 4:.1f} L{x:.1f},'
                f'{y - 5:.1f} Z" fill="#ffffff" stroke="#777777" stroke-width="1.6"/>'
            )
        top = pp(run.peak_pain)
        parts.append(
            f'<rect x="{x - 3:.1f}" y="{top:.1f}" width="6" height="{pp(0) - top:.1f}" '
            f'fill="#777777"/>'
        )
    non_adherent = 0
    for obs in observations:
        x = px(obs.day) + day_w / 2
        ink = INK[obs.arm]
        hollow = obs.adherent is False
        non_adherent += int(hollow)
        fill = "#ffffff" if hollow else ink
        y = py(obs.pain_free_min)
        if obs.event:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{fill}" stroke="{ink}" '
                f'stroke-width="1.6"/>'
            )
        else:
            parts.append(
                f'<path d="M{x - 5:.1f},{y + 4:.1f} L{x + 5:.1f},{y + 4:.1f} L{x:.1f},'
                f'{y - 5:.1f} Z" fill="#ffffff" stroke="{ink}" stroke-width="1.6"/>'
            )
        bar_top = pp(obs.peak_pain)
        base = pp(0)
        parts.append(
            f'<rect x="{x - 3:.1f}" y="{bar_top:.1f}" width="6" height="{base - bar_top:.1f}" '
            f'fill="{fill}" stroke="{ink}"/>'
        )
    parts.append(
        f'<text x="14" y="{TOP + MAIN_H / 2:.1f}" font-size="11" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + MAIN_H / 2:.1f})">pain-free min</text>'
        f'<text x="14" y="{TOP + MAIN_H + GAP + PAIN_H / 2:.1f}" font-size="11" '
        f'text-anchor="middle" transform="rotate(-90 14 {TOP + MAIN_H + GAP + PAIN_H / 2:.1f})">'
        f"peak pain</text>"
    )
    axis_y = TOP + MAIN_H + GAP + PAIN_H + 14
    parts.append(
        f'<text x="{LEFT}" y="{axis_y}" font-size="11">{first:%d %b}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{axis_y}" font-size="11" text-anchor="end">'
        f"{last:%d %b}</text>"
    )
    legend_y = axis_y + 18
    label_a, label_b = escape(design.arm_a.label), escape(design.arm_b.label)
    parts.append(
        f'<rect x="{LEFT}" y="{legend_y - 9}" width="10" height="10" fill="{BAND["A"]}" '
        f'stroke="{INK["A"]}"/><text x="{LEFT + 14}" y="{legend_y}" font-size="11">A: '
        f'{label_a}</text><rect x="{LEFT + 300}" y="{legend_y - 9}" width="10" height="10" '
        f'fill="{BAND["B"]}" stroke="{INK["B"]}"/><text x="{LEFT + 314}" y="{legend_y}" '
        f'font-size="11">B: {label_b}</text><text x="{LEFT}" y="{legend_y + 17}" '
        f'font-size="11">● pain started then · △ no pain (the whole run) · hollow: arm not '
        f"followed · R: run-in · ?: revealed on its day</text>"
    )
    arms: tuple[ArmKey, ArmKey] = ("A", "B")
    by_arm = {arm: [o.pain_free_min for o in observations if o.arm == arm] for arm in arms}
    summary = "; ".join(
        f"arm {arm} ({escape(design.arm(arm).label)}): {len(values)} runs"
        + (f", mean {sum(values) / len(values):.1f} pain-free min" if values else "")
        for arm, values in by_arm.items()
    )
    summary += f"; {design.n_blocks} blocks from {first.isoformat()} to {last.isoformat()}"
    if non_adherent:
        summary += f"; {non_adherent} runs did not follow their arm"
    return (
        f'<svg class="chart period-diagram" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif">'
        f"<title>{escape(title)}</title><desc>{summary}</desc>"
        f'<text x="{LEFT}" y="14" font-size="13" font-weight="700">{escape(title)}</text>'
        f"{''.join(parts)}</svg>"
    )
