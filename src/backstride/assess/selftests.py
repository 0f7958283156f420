"""Self-test results -> comparison with norms, ratios and left/right asymmetry.

The tests, their fields and norms are data in ``knowledge/selftests.toml``; this module
validates a result and applies the norm kinds described there:

* ``equals`` / ``at_least``: a single field against a value (modified Thomas test: thigh at
  or below horizontal, knee flexion >= 80 degrees; step-down: pelvis stays level);
* ``threshold``: Biering-Sørensen hold (capped at 240 s) in men: < 176 s outside,
  176-198 s borderline, > 198 s within; **men-only norms**, so women and unknown sex get
  ``not_applicable``;
* ``ratio_below``: McGill flexor:extensor < 1.0, side bridge:extensor < 0.75;
* ``symmetry``: McGill left/right side bridges within 5 % (right:left ratio 0.95-1.05,
  i.e. ``|right/left - 1| <= 0.05``);
* ``difference``: left/right difference shown with no published norm (hip-abduction hold,
  single-leg bridge); ``reference``: published values shown for context.

Every finding carries its source and evidence grade; every comparison the test's caveats.
Wording says what *may* contribute; nothing here diagnoses.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from backstride import knowledge
from backstride.errors import ConfigurationError, InputError

__all__ = [
    "Field",
    "Finding",
    "SelfTest",
    "SelfTestComparison",
    "compare",
    "get",
    "stop_rule",
    "tests",
]

Status = Literal["within", "borderline", "outside", "not_applicable", "no_norm", "info"]
SEXES: Final = ("male", "female")
_DEGREES_MAX: Final = 180.0


@dataclass(frozen=True, slots=True)
class Field:
    """One value to record: ``kind`` is ``bool``, ``seconds`` or ``degrees``."""

    key: str
    label: str
    kind: str
    maximum: float
    required: bool


@dataclass(frozen=True, slots=True)
class SelfTest:
    """A guided self-test: instructions, fields to record, caveats, source."""

    id: str
    name: str
    checks: str
    equipment: str
    steps: tuple[str, ...]
    stopwatch: bool
    fields: tuple[Field, ...]
    caveats: tuple[str, ...]
    source: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One norm applied to a result."""

    norm: str
    status: Status
    value: float | bool | None
    message: str
    source: str
    evidence: str


@dataclass(frozen=True, slots=True)
class SelfTestComparison:
    """A result compared with every norm of its test."""

    test: str
    name: str
    values: Mapping[str, float | bool]
    findings: tuple[Finding, ...]
    caveats: tuple[str, ...]
    source: str
    evidence: str

    @property
    def outside(self) -> tuple[Finding, ...]:
        """Findings outside (or borderline to) their norm: what *may* contribute."""
        return tuple(f for f in self.findings if f.status in ("outside", "borderline"))


@functools.cache
def _data() -> dict[str, Any]:
    return knowledge.load("selftests")


def _entries() -> dict[str, dict[str, Any]]:
    return {knowledge.as_str(t, "id"): t for t in knowledge.as_tables(_data(), "test")}


def _build(entry: dict[str, Any]) -> SelfTest:
    cap = entry.get("max_s")
    fields = tuple(
        Field(
            key=knowledge.as_str(f, "key"),
            label=knowledge.as_str(f, "label"),
            kind=knowledge.as_str(f, "kind"),
            maximum=float(f.get("max", cap if cap is not None else _DEGREES_MAX)),
            required=bool(f.get("required", True)),
        )
        for f in knowledge.as_tables(entry, "field")
    )
    return SelfTest(
        id=knowledge.as_str(entry, "id"),
        name=knowledge.as_str(entry, "name"),
        checks=knowledge.as_str(entry, "checks"),
        equipment=knowledge.as_str(entry, "equipment"),
        steps=tuple(knowledge.as_str_list(entry, "steps")),
        stopwatch=bool(entry.get("stopwatch", False)),
        fields=fields,
        caveats=tuple(knowledge.as_str_list(entry, "caveats")),
        source=knowledge.as_str(entry, "source"),
        evidence=knowledge.as_str(entry, "evidence"),
    )


def tests() -> list[SelfTest]:
    """Every self-test, in the order of the knowledge file."""
    return [_build(entry) for entry in _entries().values()]


def get(test_id: str) -> SelfTest:
    """The self-test ``test_id``; unknown ids raise :class:`InputError`."""
    entry = _entries().get(test_id)
    if entry is None:
        known = ", ".join(_entries())
        raise InputError(f"unknown self-test {test_id!r}; known: {known}", source="test")
    return _build(entry)


def stop_rule() -> str:
    """The rule shown before every test: stop at sharp pain or leg symptoms."""
    return knowledge.as_str(knowledge.as_table(_data(), "meta"), "stop_rule")


def _value(field: Field, raw: object) -> float | bool:
    if field.kind == "bool":
        if not isinstance(raw, bool):
            raise InputError("answer yes or no (true/false)", source=field.key)
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InputError(f"{raw!r} is not a number", source=field.key)
    number = float(raw)
    if not math.isfinite(number) or not 0 <= number <= field.maximum:
        raise InputError(f"{raw!r} is outside 0-{field.maximum:g}", source=field.key)
    return number


def _validate(test: SelfTest, result: Mapping[str, object]) -> dict[str, float | bool]:
    known = {f.key for f in test.fields}
    for key in result:
        if key not in known:
            raise InputError(f"not a field of {test.name}", source=str(key))
    values: dict[str, float | bool] = {}
    for field in test.fields:
        raw = result.get(field.key)
        if raw is None:
            if field.required:
                raise InputError("missing value", source=field.key)
            continue
        values[field.key] = _value(field, raw)
    return values


def _number(values: Mapping[str, float | bool], key: str) -> float | None:
    value = values.get(key)
    return None if value is None or isinstance(value, bool) else float(value)


Verdict = tuple[Status, float | bool | None, str]
Values = Mapping[str, float | bool]


def _verdict(norm: Mapping[str, Any], ok: bool, value: float | bool, detail: str = "") -> Verdict:
    text = knowledge.as_str(norm, "within" if ok else "outside")
    return ("within" if ok else "outside", value, f"{text} ({detail})" if detail else text)


def _equals(norm: Mapping[str, Any], values: Values, sex: str | None) -> Verdict | None:
    value = values.get(knowledge.as_str(norm, "field"))
    return None if value is None else _verdict(norm, value == norm["value"], value)


def _at_least(norm: Mapping[str, Any], values: Values, sex: str | None) -> Verdict | None:
    number = _number(values, knowledge.as_str(norm, "field"))
    if number is None:
        return None
    return _verdict(norm, number >= knowledge.as_float(norm, "value"), number)


def _threshold(norm: Mapping[str, Any], values: Values, sex: str | None) -> Verdict | None:
    number = _number(values, knowledge.as_str(norm, "field"))
    if number is None:
        return None
    if sex != norm.get("applies_to_sex"):
        return ("not_applicable", number, knowledge.as_str(norm, "not_applicable"))
    if number < knowledge.as_float(norm, "low"):
        return ("outside", number, knowledge.as_str(norm, "outside"))
    if number > knowledge.as_float(norm, "high"):
        return ("within", number, knowledge.as_str(norm, "within"))
    return ("borderline", number, knowledge.as_str(norm, "borderline"))


def _ratio_below(norm: Mapping[str, Any], values: Values, sex: str | None) -> Verdict | None:
    top = _number(values, knowledge.as_str(norm, "numerator"))
    bottom = _number(values, knowledge.as_str(norm, "denominator"))
    if top is None or bottom is None:
        return None
    if bottom == 0:
        return ("no_norm", None, "The ratio cannot be computed: the denominator hold is 0 s.")
    ratio = round(top / bottom, 2)
    ok = top < knowledge.as_float(norm, "limit") * bottom  # multiply: no rounding at the limit
    return _verdict(norm, ok, ratio, f"ratio {ratio:.2f}")


def _left_right(norm: Mapping[str, Any], values: Values, sex: str | None) -> Verdict | None:
    left = _number(values, knowledge.as_str(norm, "left"))
    right = _number(values, knowledge.as_str(norm, "right"))
    if left is None or right is None:
        return None
    if right == 0 or left == 0:
        return ("no_norm", None, "Left and right cannot be compared: one hold is 0 s.")
    asymmetry = round(abs(right / left - 1), 3)
    detail = f"left {left:g} s, right {right:g} s, difference {asymmetry:.0%}"
    if norm.get("kind") == "difference":
        return ("no_norm", asymmetry, f"{knowledge.as_str(norm, 'text')} ({detail})")
    ok = abs(right - left) <= knowledge.as_float(norm, "tolerance") * left
    return _verdict(norm, ok, asymmetry, detail)


def _reference(norm: Mapping[str, Any], values: Values, sex: str | None) -> Verdict | None:
    return ("info", None, knowledge.as_str(norm, "text"))


_KINDS: Final[dict[str, Callable[[Mapping[str, Any], Values, str | None], Verdict | None]]] = {
    "equals": _equals,
    "at_least": _at_least,
    "threshold": _threshold,
    "ratio_below": _ratio_below,
    "symmetry": _left_right,
    "difference": _left_right,
    "reference": _reference,
}


def _apply(norm: dict[str, Any], values: Values, sex: str | None, test: SelfTest) -> Finding | None:
    kind = knowledge.as_str(norm, "kind")
    if kind not in _KINDS:
        raise ConfigurationError(f"selftests.toml: unknown norm kind {kind!r}")
    verdict = _KINDS[kind](norm, values, sex)
    if verdict is None:
        return None
    status, value, message = verdict
    return Finding(
        norm=knowledge.as_str(norm, "id"),
        status=status,
        value=value,
        message=message,
        source=knowledge.as_str(norm, "source") if "source" in norm else test.source,
        evidence=str(norm.get("evidence", test.evidence)),
    )


def compare(
    test_id: str, result: Mapping[str, object], *, sex: str | None = None
) -> SelfTestComparison:
    """Validate ``result`` (field key -> value) and compare it with the test's norms.

    ``sex`` (``"male"``/``"female"``/``None``) selects sex-specific norms; the
    Biering-Sørensen thresholds apply to men only. Bad values raise :class:`InputError`
    naming the field; optional fields left out simply skip their norm.
    """
    if sex is not None and sex not in SEXES:
        raise InputError(f"{sex!r} is not one of {', '.join(SEXES)}", source="sex")
    test = get(test_id)
    values = _validate(test, result)
    entry = _entries()[test_id]
    findings = [
        finding
        for norm in knowledge.as_tables(entry, "norm")
        if (finding := _apply(norm, values, sex, test)) is not None
    ]
    return SelfTestComparison(
        test=test.id,
        name=test.name,
        values=values,
        findings=tuple(findings),
        caveats=test.caveats,
        source=test.source,
        evidence=test.evidence,
    )
