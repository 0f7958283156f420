"""Shared types of the instrument scorers: :class:`Score`, :class:`Instrument`, answer parsing."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from backstride.errors import InputError

Number = int | float


@dataclass(frozen=True, slots=True)
class Score:
    """One scored questionnaire: the number, its parts, its published category and source."""

    instrument: str
    version: str
    score: Number
    subscores: Mapping[str, Number]
    category: str | None
    interpretation: str
    source: str
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "score": self.score,
            "subscores": dict(self.subscores),
            "category": self.category,
            "interpretation": self.interpretation,
            "source": self.source,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Item:
    """One item (question or section) of an instrument; ``text`` is empty when not shipped."""

    number: int
    key: str
    text: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Instrument:
    """A registered instrument: metadata, items and its scorer."""

    name: str
    title: str
    version: str
    items: tuple[Item, ...]
    score_range: tuple[Number, Number]
    text_shipped: bool
    licence: str
    source: str
    scorer: Callable[[object], Score] = field(repr=False)
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def items_by_number(answers: object, count: int, *, keys: Sequence[str] = ()) -> dict[int, object]:
    """Accept a list of ``count`` answers or a mapping keyed by item number (``"1"``..) or key.

    Returns ``{number: raw answer}`` for the answers present (``None`` values included);
    unknown keys and a list of the wrong length raise :class:`InputError`.
    """
    if isinstance(answers, Sequence) and not isinstance(answers, str | bytes):
        if len(answers) != count:
            raise InputError(f"expected {count} answers, got {len(answers)}", source="answers")
        return dict(enumerate(answers, start=1))
    if not isinstance(answers, Mapping):
        raise InputError("answers must be a list or an object keyed by item", source="answers")
    by_key = {key: number for number, key in enumerate(keys, start=1)}
    found: dict[int, object] = {}
    for raw_key, value in answers.items():
        key = str(raw_key).strip()
        if key in by_key:
            number = by_key[key]
        elif key.isdigit() and 1 <= int(key) <= count:
            number = int(key)
        else:
            raise InputError(f"no such item (1-{count})", source=key)
        if number in found:
            raise InputError("answered twice", source=key)
        found[number] = value
    return found


def require_all(found: Mapping[int, object], count: int, label: str) -> None:
    """Raise :class:`InputError` naming the first unanswered item."""
    for number in range(1, count + 1):
        if found.get(number) is None:
            raise InputError("missing answer", source=f"{label}{number}")


def as_flag(value: object, where: str, *, true: Sequence[str], false: Sequence[str]) -> int:
    """A yes/no style answer as 1/0: bools, 0/1 and the given words are accepted."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and value in (0, 1):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in true:
            return 1
        if word in false:
            return 0
    choices = "/".join([*true[:1], *false[:1]])
    raise InputError(
        f"{value!r} is not a valid answer ({choices}, true/false or 1/0)", source=where
    )


def as_int_in(value: object, where: str, low: int, high: int) -> int:
    """An integer answer within ``low..high`` (bools and fractions are refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{value!r} is not a whole number {low}-{high}", source=where)
    if isinstance(value, float) and not value.is_integer():
        raise InputError(f"{value!r} is not a whole number {low}-{high}", source=where)
    number = int(value)
    if not low <= number <= high:
        raise InputError(f"{number} is outside {low}-{high}", source=where)
    return number


def as_number_in(value: object, where: str, low: float, high: float) -> float:
    """A finite number within ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{value!r} is not a number", source=where)
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise InputError(f"{value!r} is outside {low:g}-{high:g}", source=where)
    return number
