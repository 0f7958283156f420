from __future__ import annotations

import numpy as np

from backstride.report.charts import (
    PACE_STEPS_S,
    downsample,
    line_chart_svg,
    nice_ticks,
    pace_label,
)


def test_nice_ticks_are_round() -> None:
    assert nice_ticks(0, 100) == [0, 25, 50, 75, 100]
    assert nice_ticks(93.5, 171.2) == [100, 120, 140, 160]
    assert nice_ticks(290, 410, steps=PACE_STEPS_S) == [300, 330, 360, 390]


def test_downsampling_keeps_spikes() -> None:
    x = np.arange(10_000, dtype=np.float64)
    y = np.zeros(10_000)
    y[4321] = 99.0
    xs, ys = downsample(x, y, 200)
    assert len(xs) <= 200
    assert 99.0 in ys


def test_the_chart_is_accessible_and_escaped() -> None:
    x = np.arange(100, dtype=np.float64)
    svg = line_chart_svg(x, x * 2, title="Heart <rate>", y_label="HR")
    assert svg is not None
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title>Heart &lt;rate&gt;</title>" in svg
    assert "<desc>HR from 0 to 198 over 99 minutes</desc>" in svg


def test_no_chart_without_two_finite_points() -> None:
    nothing = np.array([np.nan, 1.0])
    assert line_chart_svg(np.array([0.0, 1.0]), nothing, title="t", y_label="y") is None


def test_pace_labels() -> None:
    assert pace_label(330.4) == "5:30"
    assert pace_label(float("nan")) == "–"
