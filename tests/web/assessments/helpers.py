"""Helpers for the assessment tests: screen answers built from the knowledge file."""

from __future__ import annotations

from backstride.assess import redflags


def all_no(*, short: bool = False) -> dict[str, str]:
    """Every main question answered "no" (follow-ups are not asked then)."""
    return {q.id: "no" for q in redflags.questions(short=short) if q.follow_up_of is None}


def positive(flag_id: str, *, short: bool = False, answer: str = "yes") -> dict[str, str]:
    """All "no" except ``flag_id`` (a follow-up id also answers its main question yes)."""
    answers = all_no(short=short)
    question = next(q for q in redflags.questions(short=short) if q.id == flag_id)
    if question.follow_up_of is not None:
        answers[question.follow_up_of] = "yes"
    else:
        for follow in redflags.questions(short=short):
            if follow.follow_up_of == flag_id:
                answers[follow.id] = "no"
    answers[flag_id] = answer
    return answers


def every_flag(*, short: bool = False) -> list[tuple[str, redflags.Tier]]:
    """(question id, tier its positive answer leads to) for every question and follow-up."""
    return [(q.id, q.tier) for q in redflags.questions(short=short)]
