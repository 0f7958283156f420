"""The charts of an activity page, built from its streams by the core chart helper."""

from __future__ import annotations

from functools import partial

import numpy as np
from django.utils.safestring import SafeString, mark_safe

from backstride.analysis.metrics import speed_mps
from backstride.model import Streams
from backstride.report.charts import PACE_STEPS_S, line_chart_svg, pace_label

# Paces outside this band (standing still, GPS spikes) would flatten the chart.
PACE_RANGE_S_PER_KM = (150.0, 900.0)


def activity_charts(
    streams: Streams, *, per_mile: bool = False, pain_onset_s: float | None = None
) -> list[SafeString]:
    """Pace, heart rate, cadence and elevation against minutes, each with a line at the
    minute the pain started when the diary has one."""
    minutes = streams.time_s / 60.0
    chart = partial(
        line_chart_svg,
        marker_x=None if pain_onset_s is None else pain_onset_s / 60.0,
        marker_label="pain started",
    )
    charts: list[str | None] = []
    speed = speed_mps(streams)
    if speed is not None:
        unit_m = 1609.344 if per_mile else 1000.0
        with np.errstate(divide="ignore", invalid="ignore"):
            pace = unit_m / speed
        low, high = (bound * unit_m / 1000.0 for bound in PACE_RANGE_S_PER_KM)
        pace[(pace < low) | (pace > high)] = np.nan
        unit = "min/mi" if per_mile else "min/km"
        charts.append(
            chart(
                minutes,
                pace,
                title=f"Pace ({unit})",
                y_label="Pace",
                invert_y=True,
                y_format=pace_label,
                y_steps=PACE_STEPS_S,
            )
        )
    if streams.heart_rate_bpm is not None:
        hr = np.where(streams.heart_rate_bpm > 0, streams.heart_rate_bpm, np.nan)
        charts.append(chart(minutes, hr, title="Heart rate (bpm)", y_label="Heart rate"))
    if streams.cadence_spm is not None:
        cadence = np.where(streams.cadence_spm > 0, streams.cadence_spm, np.nan)
        charts.append(
            chart(
                minutes,
                cadence,
                title="Cadence (steps/min)",
                y_label="Cadence",
            )
        )
    if streams.altitude_m is not None:
        charts.append(
            chart(
                minutes,
                streams.altitude_m,
                title="Elevation (m)",
                y_label="Elevation",
            )
        )
    # The SVG is built from numbers and escaped labels only, so it is safe to inline.
    return [mark_safe(chart) for chart in charts if chart]  # noqa: S308
