"""Transparent ranking of possible contributors: a log-odds sum with every term listed.

For each contributor of ``knowledge/contributors.toml``::

    score = ln(prior / (1 - prior)) + sum of ln(LR) over its items whose signal is known

(rounded to 6 decimals, so float noise never reorders equal scores)

where a true signal uses the item's ``lr_true`` and a false one its ``lr_false``. A term with
ln(LR) > 0 is listed under "speaks for", < 0 under "speaks against"; an item whose signal is
unknown adds nothing and is listed under "unknown" (missing evidence is never held against a
contributor). Contributors are ranked by score, ties by id, so the result depends only on the
set of observations, not the order they were supplied in. A score is a relative plausibility
to test, not a probability of having anything: nothing here diagnoses.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from backstride import knowledge
from backstride.errors import ConfigurationError, InputError
from backstride.reason.evidence import SIGNALS, Observation

__all__ = [
    "Check",
    "Contributor",
    "Experiment",
    "Folk",
    "Item",
    "Ranked",
    "Term",
    "checks",
    "contributors",
    "folk",
    "rank",
    "signal_probability",
]

_FILE: Final = "contributors"


@dataclass(frozen=True, slots=True)
class Item:
    """An evidence item: how the signal ``key`` moves the contributor, and why."""

    key: str
    lr_true: float
    lr_false: float
    reason: str


@dataclass(frozen=True, slots=True)
class Experiment:
    id: str
    title: str
    design: str
    outcome: str
    weeks: int


@dataclass(frozen=True, slots=True)
class Contributor:
    """A possible contributor with its cited knowledge (see contributors.toml)."""

    id: str
    name: str
    description: str
    mechanism: str
    prior: float
    prior_reason: str
    grade: str
    sources: tuple[str, ...]
    tests: tuple[str, ...]
    plan: tuple[str, ...]
    action: str
    items: tuple[Item, ...]
    experiments: tuple[Experiment, ...]

    @property
    def prior_log_odds(self) -> float:
        return math.log(self.prior / (1 - self.prior))


@dataclass(frozen=True, slots=True)
class Check:
    """A test the runner can do next and the signals it would settle."""

    id: str
    name: str
    kind: str
    resolves: tuple[str, ...]
    how: str
    source: str
    grade: str


@dataclass(frozen=True, slots=True)
class Folk:
    """A piece of folk advice checked against the evidence."""

    id: str
    claim: str
    verdict: str
    text: str
    contributors: tuple[str, ...]
    sources: tuple[str, ...]
    grade: str


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a score: the signal, what was found, its weight ln(LR) and the reason."""

    key: str
    question: str
    value: bool | None
    detail: str
    weight: float
    reason: str


@dataclass(frozen=True, slots=True)
class Ranked:
    """A contributor's score for this runner, with every term."""

    contributor: Contributor
    score: float
    prior_log_odds: float
    speaks_for: tuple[Term, ...]
    speaks_against: tuple[Term, ...]
    unknown: tuple[Term, ...]

    @property
    def id(self) -> str:
        return self.contributor.id


def _grade(entry: Mapping[str, Any], where: str) -> str:
    grade = knowledge.as_str(entry, "evidence")
    if grade not in knowledge.EVIDENCE_GRADES:
        raise ConfigurationError(f"contributors.toml {where}: unknown grade {grade!r}")
    return grade


def _item(entry: Mapping[str, Any], where: str) -> Item:
    key = knowledge.as_str(entry, "key")
    if key not in SIGNALS:
        raise ConfigurationError(f"contributors.toml {where}: unknown signal {key!r}")
    lr_true = knowledge.as_float(entry, "lr_true")
    lr_false = knowledge.as_float(entry, "lr_false")
    if lr_true <= 0 or lr_false <= 0:
        raise ConfigurationError(f"contributors.toml {where}: likelihood ratios must be > 0")
    return Item(key, lr_true, lr_false, knowledge.as_str(entry, "reason"))


@functools.cache
def _data() -> dict[str, Any]:
    return knowledge.load(_FILE)


@functools.cache
def contributors() -> tuple[Contributor, ...]:
    """Every contributor, in file order."""
    found = []
    for entry in knowledge.as_tables(_data(), "contributor"):
        cid = knowledge.as_str(entry, "id")
        prior = knowledge.as_float(entry, "prior")
        if not 0 < prior < 1:
            raise ConfigurationError(f"contributors.toml {cid}: prior must be between 0 and 1")
        found.append(
            Contributor(
                id=cid,
                name=knowledge.as_str(entry, "name"),
                description=knowledge.as_str(entry, "description"),
                mechanism=knowledge.as_str(entry, "mechanism"),
                prior=prior,
                prior_reason=knowledge.as_str(entry, "prior_reason"),
                grade=_grade(entry, cid),
                sources=tuple(knowledge.as_str_list(entry, "source")),
                tests=tuple(knowledge.as_str_list(entry, "tests")),
                plan=tuple(knowledge.as_str_list(entry, "plan")),
                action=knowledge.as_str(entry, "action"),
                items=tuple(
                    _item(item, f"{cid}.item[{i}]") for i, item in enumerate(entry.get("item", []))
                ),
                experiments=tuple(
                    Experiment(
                        id=knowledge.as_str(e, "id"),
                        title=knowledge.as_str(e, "title"),
                        design=knowledge.as_str(e, "design"),
                        outcome=knowledge.as_str(e, "outcome"),
                        weeks=knowledge.as_int(e, "weeks"),
                    )
                    for e in entry.get("experiment", [])
                ),
            )
        )
    return tuple(found)


@functools.cache
def checks() -> tuple[Check, ...]:
    """The tests a runner can do next, in file order."""
    return tuple(
        Check(
            id=knowledge.as_str(entry, "id"),
            name=knowledge.as_str(entry, "name"),
            kind=knowledge.as_str(entry, "kind"),
            resolves=tuple(knowledge.as_str_list(entry, "resolves")),
            how=knowledge.as_str(entry, "how"),
            source=knowledge.as_str(entry, "source"),
            grade=_grade(entry, knowledge.as_str(entry, "id")),
        )
        for entry in knowledge.as_tables(_data(), "check")
    )


@functools.cache
def folk() -> tuple[Folk, ...]:
    """Folk advice checked against the evidence, in file order."""
    return tuple(
        Folk(
            id=knowledge.as_str(entry, "id"),
            claim=knowledge.as_str(entry, "claim"),
            verdict=knowledge.as_str(entry, "verdict"),
            text=knowledge.as_str(entry, "text"),
            contributors=tuple(knowledge.as_str_list(entry, "contributors")),
            sources=tuple(knowledge.as_str_list(entry, "source")),
            grade=_grade(entry, knowledge.as_str(entry, "id")),
        )
        for entry in knowledge.as_tables(_data(), "folk")
    )


def signal_probability() -> float:
    """The chance assumed for an unknown signal coming out true (``[meta].p_signal``)."""
    return knowledge.as_float(knowledge.as_table(_data(), "meta"), "p_signal")


def _values(observations: Iterable[Observation]) -> dict[str, Observation]:
    found: dict[str, Observation] = {}
    for observation in observations:
        if observation.key not in SIGNALS:
            raise InputError(f"unknown signal {observation.key!r}", source="evidence")
        earlier = found.get(observation.key)
        if earlier is None:
            found[observation.key] = observation
            continue
        values = (earlier.value, observation.value)
        if None not in values and values[0] != values[1]:
            raise InputError("given twice with different values", source=observation.key)
        # Known beats unknown; otherwise the smaller detail wins, so order never matters.
        found[observation.key] = min(
            earlier, observation, key=lambda o: (o.value is None, o.detail)
        )
    return found


def _score(contributor: Contributor, seen: Mapping[str, Observation]) -> Ranked:
    pro: list[Term] = []
    con: list[Term] = []
    unknown: list[Term] = []
    for item in contributor.items:
        observation = seen.get(item.key)
        question = SIGNALS[item.key].question
        if observation is None or observation.value is None:
            detail = observation.detail if observation is not None else "not known yet"
            unknown.append(Term(item.key, question, None, detail, 0.0, item.reason))
            continue
        weight = math.log(item.lr_true if observation.value else item.lr_false)
        term = Term(item.key, question, observation.value, observation.detail, weight, item.reason)
        if weight > 0:
            pro.append(term)
        elif weight < 0:
            con.append(term)
    total = contributor.prior_log_odds + math.fsum(t.weight for t in (*pro, *con))
    return Ranked(
        contributor=contributor,
        score=round(total, 6),
        prior_log_odds=contributor.prior_log_odds,
        speaks_for=tuple(sorted(pro, key=lambda t: (-t.weight, t.key))),
        speaks_against=tuple(sorted(con, key=lambda t: (t.weight, t.key))),
        unknown=tuple(sorted(unknown, key=lambda t: t.key)),
    )


def rank(observations: Iterable[Observation]) -> tuple[Ranked, ...]:
    """Every contributor scored against ``observations``, highest score first (ties by id).

    A signal given twice with different known values is an :class:`InputError`; the same
    signal given as unknown and as known counts as known.
    """
    seen = _values(observations)
    scored = [_score(c, seen) for c in contributors()]
    return tuple(sorted(scored, key=lambda r: (-r.score, r.id)))
