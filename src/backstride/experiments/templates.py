"""Typed access to the experiment templates, ``knowledge/experiments.toml``.

A template is a ready-made :class:`~backstride.experiments.design.Design` for testing one
possible contributor (ids from ``exercises.toml`` ``[meta].contributor_ids``), with the
question it answers, its rationale, its source and evidence grade (DESIGN.md §4).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any, Final

from backstride import knowledge
from backstride.errors import ConfigurationError, InputError
from backstride.experiments.design import AdherenceRule, Arm, ArmKey, Design

__all__ = ["Template", "design_from_template", "get_template", "templates"]

_FILE: Final = "experiments"


@dataclass(frozen=True, slots=True)
class Template:
    """One template: its default ``design`` and the words and sources around it."""

    id: str
    name: str
    question: str
    rationale: str
    contributor_note: str
    design: Design
    source: tuple[str, ...]
    evidence: str


def _rule(entry: dict[str, Any]) -> AdherenceRule:
    """The arm's rule; a shoe arm stays "self_report" until the runner names the shoes
    (:func:`design_from_template`)."""
    table = knowledge.as_table(entry, "adherence")
    if table.get("check") == "shoes":
        return AdherenceRule()
    low, high = table.get("min"), table.get("max")
    return AdherenceRule(
        check=knowledge.as_str(table, "check"),
        minimum=None if low is None else knowledge.as_float(table, "min"),
        maximum=None if high is None else knowledge.as_float(table, "max"),
        value=table.get("value"),
    )


def _arm(entry: dict[str, Any], key: ArmKey) -> Arm:
    rule = _rule(entry)
    return Arm(
        key=key,
        label=knowledge.as_str(entry, "label"),
        instructions=knowledge.as_str(entry, "instructions"),
        adherence=rule,
    )


def _template(entry: dict[str, Any]) -> Template:
    arms = knowledge.as_tables(entry, "arm")
    if [a.get("key") for a in arms] != ["A", "B"]:
        raise ConfigurationError(f"experiments.toml {entry.get('id')}: arms must be A then B")
    try:
        design = Design(
            name=knowledge.as_str(entry, "name"),
            arm_a=_arm(arms[0], "A"),
            arm_b=_arm(arms[1], "B"),
            unit=knowledge.as_str(entry, "unit"),
            n_blocks=knowledge.as_int(entry, "blocks"),
            run_in=knowledge.as_int(entry, "run_in"),
            min_gap_h=knowledge.as_float(entry, "min_gap_h"),
            period_days=knowledge.as_int(entry, "period_days"),
            washout_days=knowledge.as_int(entry, "washout_days"),
            fixed=tuple(knowledge.as_str_list(entry, "fixed")),
            primary=knowledge.as_str(entry, "primary"),
            secondary=tuple(knowledge.as_str_list(entry, "secondary")),
            safety_stop_nrs=knowledge.as_int(entry, "safety_stop_nrs"),
            template_id=knowledge.as_str(entry, "id"),
            contributors=tuple(knowledge.as_str_list(entry, "contributors")),
        )
    except InputError as error:  # a broken shipped template is our bug
        raise ConfigurationError(f"experiments.toml {entry.get('id')}: {error}") from error
    return Template(
        id=knowledge.as_str(entry, "id"),
        name=design.name,
        question=knowledge.as_str(entry, "question"),
        rationale=knowledge.as_str(entry, "rationale"),
        contributor_note=str(entry.get("contributor_note", "")),
        design=design,
        source=tuple(knowledge.as_str_list(entry, "source")),
        evidence=knowledge.as_str(entry, "evidence"),
    )


@functools.cache
def templates() -> tuple[Template, ...]:
    """Every template, in file order."""
    return tuple(_template(e) for e in knowledge.as_tables(knowledge.load(_FILE), "template"))


def get_template(template_id: str) -> Template:
    """The template ``template_id``; an :class:`InputError` names the known ones."""
    for template in templates():
        if template.id == template_id:
            return template
    known = ", ".join(t.id for t in templates())
    raise InputError(f"no experiment template {template_id!r}; known: {known}", source="template")


def design_from_template(
    template_id: str,
    *,
    n_blocks: int | None = None,
    run_in: int | None = None,
    shoes_a: str | None = None,
    shoes_b: str | None = None,
    fixed: tuple[str, ...] | None = None,
) -> Design:
    """The template's design with the runner's choices; the shoe template needs both names.

    The runner may change the number of blocks, the run-in and the fixed conditions; arms,
    outcomes and the safety stop stay as the template sets them.
    """
    base = get_template(template_id).design
    changes: dict[str, Any] = {}
    if n_blocks is not None:
        changes["n_blocks"] = n_blocks
    if run_in is not None:
        changes["run_in"] = run_in
    if fixed is not None:
        changes["fixed"] = fixed
    if template_id == "shoes":
        for key, name, field in (("A", shoes_a, "shoes_a"), ("B", shoes_b, "shoes_b")):
            if not (name and name.strip()):
                raise InputError("name the shoes for this arm", source=field)
            arm = base.arm("A" if key == "A" else "B")
            changes[f"arm_{key.lower()}"] = dataclasses.replace(
                arm,
                label=f"{arm.label} ({name.strip()})",
                adherence=AdherenceRule(check="shoes", value=name.strip()),
            )
        if shoes_a and shoes_b and shoes_a.strip().casefold() == shoes_b.strip().casefold():
            raise InputError(
                "the two arms are identical; name two different pairs of shoes", source="shoes_b"
            )
    return dataclasses.replace(base, **changes)
