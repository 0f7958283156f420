"""The pain-profile questionnaire (issue 4, item 2) as a validated, typed record.

Fields and units:

* ``years_with_pain`` - how long ago it started, in years (0-80);
* ``onset_minute`` - minute into a continuous run when the pain usually starts (0-600), or
  ``None`` if it does not come on while running;
* ``character`` - one or more of pump, tightness, ache, sharp, burning;
* ``location`` - one or more of central, one_side, both_sides, buttock, thigh, below_knee;
* ``warm_up_effect`` - abolishes, reduces, no_change, worse or not_tried;
* ``aggravators`` - any of pace, hills, downhill, heavy_lifting_day_before, long_sitting;
* ``relievers`` - any of walking, bending_forward, lying_down, stopping;
* ``other_sports`` - free-text names (at most 20, each at most 60 characters);
* ``sitting_hours_per_day`` - 0-24;
* ``goal`` - free text, at most 300 characters.

:meth:`PainProfile.from_mapping` turns form or JSON data into a profile and raises
:class:`~backstride.errors.InputError` naming the field for anything missing or out of range.
This is a description, not a diagnosis; leg symptoms (thigh, below the knee, both sides) are
flagged so that the red-flag short form can be re-asked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from backstride.errors import InputError

__all__ = [
    "AGGRAVATORS",
    "CHARACTERS",
    "LOCATIONS",
    "RELIEVERS",
    "WARM_UP_EFFECTS",
    "PainProfile",
]

CHARACTERS: Final = ("pump", "tightness", "ache", "sharp", "burning")
LOCATIONS: Final = ("central", "one_side", "both_sides", "buttock", "thigh", "below_knee")
WARM_UP_EFFECTS: Final = ("abolishes", "reduces", "no_change", "worse", "not_tried")
AGGRAVATORS: Final = ("pace", "hills", "downhill", "heavy_lifting_day_before", "long_sitting")
RELIEVERS: Final = ("walking", "bending_forward", "lying_down", "stopping")
LEG_LOCATIONS: Final = frozenset({"thigh", "below_knee", "both_sides"})
_MAX_SPORTS: Final = 20
_MAX_SPORT_LEN: Final = 60
_MAX_GOAL_LEN: Final = 300


def _number(
    data: Mapping[str, Any], key: str, high: float, *, optional: bool = False
) -> float | None:
    raw = data.get(key)
    if raw is None or raw == "":
        if optional:
            return None
        raise InputError("missing answer", source=key)
    if isinstance(raw, str):
        try:
            raw = float(raw)
        except ValueError:
            raise InputError(f"{raw!r} is not a number", source=key) from None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InputError(f"{raw!r} is not a number", source=key)
    value = float(raw)
    if not math.isfinite(value) or not 0 <= value <= high:
        raise InputError(f"{raw!r} is outside 0-{high:g}", source=key)
    return value


def _required(data: Mapping[str, Any], key: str, high: float) -> float:
    value = _number(data, key, high)
    if value is None:
        raise InputError("missing answer", source=key)
    return value


def _choices(
    data: Mapping[str, Any], key: str, allowed: Iterable[str], *, at_least_one: bool
) -> frozenset[str]:
    raw = data.get(key, [])
    if isinstance(raw, str):
        raw = [raw] if raw else []
    if not isinstance(raw, list | tuple | set | frozenset):
        raise InputError("expected a list of choices", source=key)
    options = tuple(allowed)
    chosen: set[str] = set()
    for item in raw:
        if not isinstance(item, str) or item not in options:
            raise InputError(f"{item!r} is not one of {', '.join(options)}", source=key)
        chosen.add(item)
    if at_least_one and not chosen:
        raise InputError("choose at least one", source=key)
    return frozenset(chosen)


def _text(raw: object, key: str, limit: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InputError("expected text", source=key)
    text = raw.strip()
    if len(text) > limit:
        raise InputError(f"at most {limit} characters", source=key)
    return text


@dataclass(frozen=True, slots=True)
class PainProfile:
    """A runner's description of their back pain; see the module docstring for units."""

    years_with_pain: float
    onset_minute: float | None
    character: frozenset[str]
    location: frozenset[str]
    warm_up_effect: str
    aggravators: frozenset[str]
    relievers: frozenset[str]
    other_sports: tuple[str, ...]
    sitting_hours_per_day: float
    goal: str

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PainProfile:
        """Validate form or JSON data; unknown keys and bad values raise :class:`InputError`."""
        known = set(cls.__dataclass_fields__)
        for key in data:
            if key not in known:
                raise InputError("not a pain-profile field", source=str(key))
        warm_up = data.get("warm_up_effect")
        if warm_up not in WARM_UP_EFFECTS:
            raise InputError(f"choose one of {', '.join(WARM_UP_EFFECTS)}", source="warm_up_effect")
        sports_raw = data.get("other_sports", [])
        if isinstance(sports_raw, str):
            sports_raw = [s for s in sports_raw.split(",") if s.strip()]
        if not isinstance(sports_raw, list | tuple):
            raise InputError("expected a list of sports", source="other_sports")
        if len(sports_raw) > _MAX_SPORTS:
            raise InputError(f"at most {_MAX_SPORTS} sports", source="other_sports")
        sports = tuple(_text(s, "other_sports", _MAX_SPORT_LEN) for s in sports_raw)
        return cls(
            years_with_pain=_required(data, "years_with_pain", 80),
            onset_minute=_number(data, "onset_minute", 600, optional=True),
            character=_choices(data, "character", CHARACTERS, at_least_one=True),
            location=_choices(data, "location", LOCATIONS, at_least_one=True),
            warm_up_effect=str(warm_up),
            aggravators=_choices(data, "aggravators", AGGRAVATORS, at_least_one=False),
            relievers=_choices(data, "relievers", RELIEVERS, at_least_one=False),
            other_sports=tuple(s for s in sports if s),
            sitting_hours_per_day=_required(data, "sitting_hours_per_day", 24),
            goal=_text(data.get("goal"), "goal", _MAX_GOAL_LEN),
        )

    @property
    def has_leg_symptoms(self) -> bool:
        """True when pain reaches the thigh, below the knee or both sides (re-ask red flags)."""
        return bool(self.location & LEG_LOCATIONS)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (choice sets sorted), the inverse of :meth:`from_mapping`."""
        return {
            "years_with_pain": self.years_with_pain,
            "onset_minute": self.onset_minute,
            "character": sorted(self.character),
            "location": sorted(self.location),
            "warm_up_effect": self.warm_up_effect,
            "aggravators": sorted(self.aggravators),
            "relievers": sorted(self.relievers),
            "other_sports": list(self.other_sports),
            "sitting_hours_per_day": self.sitting_hours_per_day,
            "goal": self.goal,
        }
