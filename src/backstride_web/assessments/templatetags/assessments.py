"""Small display helpers for the assessment pages."""

from __future__ import annotations

from django import template

from backstride.assess.redflags import Tier

register = template.Library()

_TIER_LABELS = {
    Tier.NONE: "No red flags",
    Tier.ROUTINE: "Routine: book a GP or physio",
    Tier.URGENT: "Urgent: see a doctor within 24-48 h",
    Tier.EMERGENCY: "Emergency care now",
}


@register.filter
def sources(value: object) -> list[str]:
    """A knowledge ``source`` (a '; '-joined string or a list) as a list of citations."""
    parts = value if isinstance(value, list) else str(value).split("; ")
    return [str(part).strip() for part in parts if str(part).strip()]


@register.filter
def tier_label(value: int) -> str:
    """A screen tier (0-3) in plain words."""
    return _TIER_LABELS[Tier(int(value))]


@register.filter
def tier_class(value: int) -> str:
    """A CSS modifier for a tier: none, routine, urgent or emergency."""
    return Tier(int(value)).name.lower()


@register.filter
def words(value: str) -> str:
    """``snake_case`` as plain words."""
    return str(value).replace("_", " ")


@register.filter
def yes_no(value: object) -> object:
    """Booleans as yes / no; anything else unchanged."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
