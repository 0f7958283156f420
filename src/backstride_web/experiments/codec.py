"""A stored design (:meth:`Design.as_json`) back to the core's validated
:class:`~backstride.experiments.design.Design`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backstride.errors import InputError
from backstride.experiments.design import AdherenceRule, Arm, ArmKey, Design

__all__ = ["design_from_json"]


def _rule(data: Mapping[str, Any] | None) -> AdherenceRule:
    data = data or {}
    low, high = data.get("minimum"), data.get("maximum")
    return AdherenceRule(
        check=str(data.get("check", "self_report")),
        minimum=None if low is None else float(low),
        maximum=None if high is None else float(high),
        value=None if data.get("value") is None else str(data["value"]),
    )


def _arm(data: Mapping[str, Any], key: ArmKey) -> Arm:
    return Arm(
        key=key,
        label=str(data.get("label", "")),
        instructions=str(data.get("instructions", "")),
        adherence=_rule(data.get("adherence")),
    )


def design_from_json(data: Mapping[str, Any]) -> Design:
    """The :class:`Design` of :meth:`Design.as_json` (validated again on the way in)."""
    try:
        return Design(
            name=str(data["name"]),
            arm_a=_arm(data["arm_a"], "A"),
            arm_b=_arm(data["arm_b"], "B"),
            unit=str(data.get("unit", "run")),
            n_blocks=int(data["n_blocks"]),
            run_in=int(data.get("run_in", 0)),
            min_gap_h=float(data.get("min_gap_h", 24.0)),
            period_days=int(data.get("period_days", 0)),
            washout_days=int(data.get("washout_days", 0)),
            fixed=tuple(str(f) for f in data.get("fixed", ())),
            primary=str(data.get("primary", "pain_free_min")),
            secondary=tuple(str(o) for o in data.get("secondary", ())),
            safety_stop_nrs=int(data.get("safety_stop_nrs", 5)),
            template_id=None if data.get("template_id") is None else str(data["template_id"]),
            contributors=tuple(str(c) for c in data.get("contributors", ())),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"not a stored design: {error}", source="design") from error
