from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import numpy as np

from backstride.analysis.load import WeekLoad
from backstride.analysis.survival import KMCurve, kaplan_meier
from backstride.report.survival_chart import km_chart_svg, pain_free_minutes_svg, weekly_load_svg

SVG = "{http://www.w3.org/2000/svg}"


def _curves() -> list[KMCurve]:
    warm = kaplan_meier(np.array([20, 30, 40, 25]) * 60.0, np.array([1, 0, 0, 0]), "warm <up>")
    cold = kaplan_meier(np.array([4, 6, 5, 30]) * 60.0, np.array([1, 1, 1, 0]), "cold & stiff")
    return [warm, cold]


def test_km_chart_is_accessible_escaped_and_well_formed() -> None:
    svg = km_chart_svg(_curves(), title="Pain-free <running>")
    assert svg is not None
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Pain-free <running>"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "warm <up>: median not reached (95 % CI" in desc
    assert "cold & stiff: median 5 min" in desc
    assert "&lt;up&gt;" in svg
    assert "&amp; stiff" in svg
    assert len(root.findall(f"{SVG}polyline")) == 2


def test_km_steps_drop_vertically_at_each_event() -> None:
    (cold,) = _curves()[1:]
    svg = km_chart_svg([cold], title="t", show_ci=False)
    assert svg is not None
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    points = root.find(f"{SVG}polyline").get("points", "").split()  # type: ignore[union-attr]
    xs = [p.split(",")[0] for p in points]
    assert xs[1] == xs[2]  # a vertical drop at the first event
    assert len(points) == 2 * len(cold.times_min) - 1


def test_no_chart_without_runs() -> None:
    empty = kaplan_meier(np.array([]), np.array([], dtype=bool), "none")
    assert km_chart_svg([empty], title="t") is None


def test_pain_free_minutes_chart_marks_censored_runs() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    points = [(start + timedelta(days=i), 5.0 + i, i % 2 == 0) for i in range(6)]
    svg = pain_free_minutes_svg(points, title="Pain-free minutes")
    assert svg is not None
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    circles = root.findall(f"{SVG}circle")
    assert [c.get("class") for c in circles] == ["pain", "pain-free"] * 3
    assert "pain started in 3" in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]
    assert pain_free_minutes_svg(points[:1], title="t") is None


def test_weekly_load_marks_spike_weeks() -> None:
    monday = date(2026, 1, 5)
    weeks = [
        WeekLoad(monday + timedelta(weeks=i), 3, km * 1000.0, 3600.0 * 3, spikes)
        for i, (km, spikes) in enumerate([(20, 0), (0, 0), (30, 1)])
    ]
    svg = weekly_load_svg(weeks, title="Weekly <load>")
    assert svg is not None
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert [r.get("class") for r in root.findall(f"{SVG}rect")] == ["bar", "bar", "bar spike"]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "up to 30.0 km; 1 week(s) with a run more than 10 % longer" in desc
    assert "Weekly &lt;load&gt;" in svg
    assert weekly_load_svg([], title="t") is None
