"""The red-flag screen (R1-R16): answers -> outcome -> what stays allowed.

The questions, tiers and actions are data in ``knowledge/redflags.toml``. Rules applied here:

* every question is answered ``"yes"``, ``"no"`` or ``"unsure"``; **unsure counts as yes**;
* a missing answer is an :class:`~backstride.errors.InputError` naming the question;
* a follow-up (``escalation``, e.g. R7b "is the weakness getting worse?") is required only when
  its main question is positive, and a positive follow-up raises the flag to its tier;
* the outcome's tier is the highest tier among positive flags (EMERGENCY > URGENT > ROUTINE);
* EMERGENCY blocks every plan and exercise, URGENT pauses running and strength work (walking
  allowed), ROUTINE allows the programme, until the runner confirms a clinician has cleared
  them *after* the screen (:func:`allowed`, :func:`plans_blocked`); across the last full
  screen and the short forms since, every screen's restrictions hold until cleared
  (:func:`allowed_over`): a later all-"no" short form does not undo an earlier positive;
* the short form (R1-R8, R14) is re-asked every 7 days and whenever a new kind of symptom is
  logged (leg symptoms, numbness, ...) (:func:`questions` with ``short=True``,
  :func:`rescreen_due`);
* the cauda-equina safety-net card for every page is :func:`safety_net`.

Time is a parameter: pass ``now=`` (an aware datetime); nothing here reads the clock.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Final

from backstride import knowledge
from backstride.errors import ConfigurationError, InputError

__all__ = [
    "Allowed",
    "Clearance",
    "PositiveFlag",
    "Question",
    "ScreenOutcome",
    "Tier",
    "TierInfo",
    "allowed",
    "allowed_over",
    "plans_blocked",
    "questions",
    "rescreen_due",
    "safety_net",
    "screen",
    "short_form_ids",
    "tier_info",
]

_FILE: Final = "redflags"
ANSWERS: Final = ("yes", "no", "unsure")
POSITIVE: Final = frozenset({"yes", "unsure"})


class Tier(enum.IntEnum):
    """Urgency of a screen outcome, ordered so that ``max()`` gives the most urgent."""

    NONE = 0
    ROUTINE = 1
    URGENT = 2
    EMERGENCY = 3


@dataclass(frozen=True, slots=True)
class Question:
    """One yes / no / unsure question; ``follow_up_of`` names the main question of a follow-up."""

    id: str
    text: str
    tier: Tier
    action: str
    reason: str
    screens_for: str
    short_form: bool
    source: str
    evidence: str
    follow_up_of: str | None = None


@dataclass(frozen=True, slots=True)
class PositiveFlag:
    """A flag answered yes or unsure, with the tier, reason and action that apply."""

    id: str
    question: str
    answer: str
    tier: Tier
    reason: str
    action: str
    source: str
    evidence: str


@dataclass(frozen=True, slots=True)
class ScreenOutcome:
    """The result of one screen: highest tier, the positive flags, the answers and when."""

    tier: Tier
    positives: tuple[PositiveFlag, ...]
    answers: Mapping[str, str]
    form: str
    answered_at: datetime

    @property
    def any_positive(self) -> bool:
        """True when at least one flag was answered yes or unsure."""
        return bool(self.positives)


@dataclass(frozen=True, slots=True)
class Clearance:
    """The runner's confirmation that a clinician has checked them, and when."""

    confirmed_at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class Allowed:
    """What the programme may offer after a screen; ``reason`` says why in plain words."""

    running: bool
    walking: bool
    exercises: bool
    tier: Tier
    cleared: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class TierInfo:
    """What a tier means: its headline, action text and what stays allowed."""

    tier: Tier
    headline: str
    action: str
    running: bool
    walking: bool
    exercises: bool
    source: str


@dataclass(frozen=True, slots=True)
class _Catalogue:
    questions: tuple[Question, ...]
    tiers: Mapping[Tier, TierInfo]


def _tier(value: Any, where: str) -> Tier:
    try:
        return Tier[str(value)]
    except KeyError:
        raise ConfigurationError(f"redflags.toml {where}: unknown tier {value!r}") from None


@functools.cache
def _catalogue() -> _Catalogue:
    data = knowledge.load(_FILE)
    short = set(knowledge.as_str_list(knowledge.as_table(data, "meta"), "short_form"))
    found: list[Question] = []
    for entry in knowledge.as_tables(data, "flag"):
        flag_id = knowledge.as_str(entry, "id")
        source = knowledge.as_str(entry, "source")
        evidence = knowledge.as_str(entry, "evidence")
        found.append(
            Question(
                id=flag_id,
                text=knowledge.as_str(entry, "question"),
                tier=_tier(entry.get("tier"), flag_id),
                action=knowledge.as_str(entry, "action"),
                reason=knowledge.as_str(entry, "reason"),
                screens_for=knowledge.as_str(entry, "screens_for"),
                short_form=flag_id in short,
                source=source,
                evidence=evidence,
            )
        )
        follow = entry.get("escalation")
        if isinstance(follow, dict):
            follow_id = knowledge.as_str(follow, "id")
            found.append(
                Question(
                    id=follow_id,
                    text=knowledge.as_str(follow, "question"),
                    tier=_tier(follow.get("tier"), follow_id),
                    action=knowledge.as_str(follow, "action"),
                    reason=knowledge.as_str(follow, "reason"),
                    screens_for=knowledge.as_str(entry, "screens_for"),
                    short_form=flag_id in short,
                    source=str(follow.get("source", source)),
                    evidence=str(follow.get("evidence", evidence)),
                    follow_up_of=flag_id,
                )
            )
    tiers: dict[Tier, TierInfo] = {}
    for entry in knowledge.as_tables(data, "tier"):
        tier = _tier(entry.get("id"), "tier")
        tiers[tier] = TierInfo(
            tier=tier,
            headline=knowledge.as_str(entry, "headline"),
            action=knowledge.as_str(entry, "action"),
            running=bool(entry.get("running")),
            walking=bool(entry.get("walking")),
            exercises=bool(entry.get("exercises")),
            source=knowledge.as_str(entry, "source"),
        )
    return _Catalogue(questions=tuple(found), tiers=MappingProxyType(tiers))


def questions(*, short: bool = False) -> list[Question]:
    """The questions in order (follow-ups straight after their main question).

    ``short=True`` gives the weekly short form (R1-R8, R14 and their follow-ups).
    """
    return [q for q in _catalogue().questions if q.short_form or not short]


def short_form_ids() -> tuple[str, ...]:
    """Ids of the main questions re-asked in the short form."""
    return tuple(q.id for q in questions(short=True) if q.follow_up_of is None)


def tier_info(tier: Tier) -> TierInfo:
    """Headline, action and what stays allowed for ``tier`` (not for ``Tier.NONE``)."""
    return _catalogue().tiers[tier]


def safety_net() -> dict[str, Any]:
    """The cauda-equina safety-net card: ``title``, ``lines``, ``action``, ``source``."""
    return knowledge.as_table(knowledge.load(_FILE), "safety_net")


def _normalise(answer: object, question_id: str) -> str:
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    if isinstance(answer, str) and answer.strip().lower() in ANSWERS:
        return answer.strip().lower()
    raise InputError(f"answer {answer!r} is not one of yes, no, unsure", source=question_id)


def screen(
    answers: Mapping[str, object],
    *,
    now: datetime,
    short: bool = False,
) -> ScreenOutcome:
    """Score a full (``short=False``) or short-form screen.

    ``answers`` maps question ids (``"R1"``, ``"R7b"``, ...) to ``"yes"``, ``"no"`` or
    ``"unsure"`` (``True``/``False`` are accepted as yes/no). Follow-ups are required only
    when their main question is positive. Unknown ids, missing or malformed answers raise
    :class:`~backstride.errors.InputError` with ``source`` set to the question id.
    """
    asked = questions(short=short)
    known = {q.id for q in asked}
    for key in answers:
        if key not in known:
            raise InputError("not a question of this screen", source=str(key))
    given: dict[str, str] = {}
    for q in asked:
        if q.follow_up_of is not None and given.get(q.follow_up_of) not in POSITIVE:
            continue  # not asked: an answer sent anyway is ignored, not stored
        if answers.get(q.id) is None:
            raise InputError(f"please answer: {q.text}", source=q.id)
        given[q.id] = _normalise(answers[q.id], q.id)

    positives: dict[str, PositiveFlag] = {}
    for q in asked:
        answer = given.get(q.id)
        if answer not in POSITIVE:
            continue
        if q.follow_up_of is not None:
            if given.get(q.follow_up_of) not in POSITIVE:
                continue
            main = positives[q.follow_up_of]
            positives[q.follow_up_of] = PositiveFlag(
                id=main.id,
                question=f"{main.question} / {q.text}",
                answer=main.answer,
                tier=max(main.tier, q.tier),
                reason=q.reason,
                action=q.action,
                source=q.source,
                evidence=q.evidence,
            )
            continue
        positives[q.id] = PositiveFlag(
            id=q.id,
            question=q.text,
            answer=answer,
            tier=q.tier,
            reason=q.reason,
            action=q.action,
            source=q.source,
            evidence=q.evidence,
        )
    found = tuple(positives.values())
    return ScreenOutcome(
        tier=max((p.tier for p in found), default=Tier.NONE),
        positives=found,
        answers=MappingProxyType(given),
        form="short" if short else "full",
        answered_at=now,
    )


def _cleared(outcome: ScreenOutcome, clearance: Clearance | None, now: datetime) -> bool:
    return clearance is not None and outcome.answered_at <= clearance.confirmed_at <= now


def allowed(
    outcome: ScreenOutcome | None,
    clearance: Clearance | None = None,
    *,
    now: datetime,
) -> Allowed:
    """What the programme may offer given the latest screen and any clearance.

    No screen at all (``outcome=None``) allows nothing: the onboarding screen cannot be
    skipped. A clearance counts only if confirmed after the screen and not in the future.
    """
    if outcome is None:
        return Allowed(False, False, False, Tier.NONE, False, "complete the safety screen first")
    if outcome.tier is Tier.NONE:
        return Allowed(True, True, True, Tier.NONE, False, "")
    info = tier_info(outcome.tier)
    if _cleared(outcome, clearance, now):
        return Allowed(True, True, True, outcome.tier, True, "cleared by a clinician")
    return Allowed(info.running, info.walking, info.exercises, outcome.tier, False, info.headline)


def allowed_over(
    outcomes: Iterable[ScreenOutcome],
    clearance: Clearance | None = None,
    *,
    now: datetime,
) -> Allowed:
    """What is allowed given the last full screen and every short screen since.

    A later all-"no" short form does **not** undo an earlier positive: each screen's
    restrictions hold until a clearance confirmed after that screen. No screens at all
    allows nothing.
    """
    results = [allowed(outcome, clearance, now=now) for outcome in outcomes]
    if not results:
        return allowed(None, now=now)
    blocking = [r for r in results if not (r.running and r.walking and r.exercises)]
    worst = max(blocking or results, key=lambda r: r.tier)
    return Allowed(
        running=all(r.running for r in results),
        walking=all(r.walking for r in results),
        exercises=all(r.exercises for r in results),
        tier=max(r.tier for r in results),
        cleared=all(r.cleared for r in results if r.tier is not Tier.NONE),
        reason=worst.reason,
    )


def plans_blocked(
    outcome: ScreenOutcome | None,
    clearance: Clearance | None = None,
    *,
    now: datetime,
) -> bool:
    """True when run and exercise plans must not be shown (any of them is not allowed)."""
    result = allowed(outcome, clearance, now=now)
    return not (result.running and result.exercises)


def rescreen_due(
    last_screen_at: datetime | None,
    *,
    now: datetime,
    new_symptoms: Iterable[str] = (),
) -> bool:
    """True when the short form should be asked again.

    Due when there was no screen yet, when ``interval_days`` (7) have passed, or when
    ``new_symptoms`` includes a trigger kind (``leg_symptoms``, ``numbness``, ...).
    """
    rule = knowledge.as_table(knowledge.load(_FILE), "rescreen")
    triggers = set(knowledge.as_str_list(rule, "trigger_symptoms"))
    if triggers.intersection(new_symptoms):
        return True
    if last_screen_at is None:
        return True
    return now - last_screen_at >= timedelta(days=knowledge.as_int(rule, "interval_days"))
