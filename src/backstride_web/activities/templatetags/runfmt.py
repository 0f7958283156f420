"""Template filters that show run figures in the runner's units."""

from __future__ import annotations

from django import template

from backstride.report.charts import pace_label

register = template.Library()
METRES_PER_MILE = 1609.344


@register.filter
def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def distance(metres: float | None, units: str = "km") -> str:
    if metres is None:
        return "–"
    if units == "mi":
        return f"{metres / METRES_PER_MILE:.2f} mi"
    return f"{metres / 1000:.2f} km"


@register.filter
def pace(seconds_per_km: float | None, units: str = "km") -> str:
    if seconds_per_km is None:
        return "–"
    if units == "mi":
        return f"{pace_label(seconds_per_km * METRES_PER_MILE / 1000)} /mi"
    return f"{pace_label(seconds_per_km)} /km"


@register.filter
def sport_label(sport: str | None) -> str:
    return (sport or "").replace("_", " ")


@register.filter
def speed(metres_per_second: float | None, units: str = "km") -> str:
    if not metres_per_second:
        return "–"
    if units == "mi":
        return f"{metres_per_second * 3600 / METRES_PER_MILE:.1f} mph"
    return f"{metres_per_second * 3.6:.1f} km/h"
