"""Persist what the assess core computes: each function scores first, then writes in one
transaction, so a bad answer (an :class:`~backstride.errors.InputError` naming the field)
leaves nothing half-saved. Rows are only ever added, never changed: history stays true.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from backstride import knowledge
from backstride.assess import instruments, redflags, selftests
from backstride.assess.pain_profile import PainProfile
from backstride.errors import InputError
from backstride_web.accounts.access import may_comment
from backstride_web.accounts.models import RunnerProfile, User
from backstride_web.assessments import safety
from backstride_web.assessments.models import (
    NOTE_MAX_LENGTH,
    Acknowledgement,
    InstrumentResponse,
    PainProfileEntry,
    Screen,
    ScreenAnswer,
    SelfTestResult,
)


def _knowledge_version() -> str:
    return knowledge.as_str(knowledge.as_table(knowledge.load("redflags"), "meta"), "version")


def _positive_dict(flag: redflags.PositiveFlag) -> dict[str, Any]:
    return {
        "id": flag.id,
        "question": flag.question,
        "answer": flag.answer,
        "tier": flag.tier.name,
        "reason": flag.reason,
        "action": flag.action,
        "source": flag.source,
        "evidence": flag.evidence,
    }


def record_screen(
    runner: User,
    answers: Mapping[str, object],
    *,
    short: bool,
    now: datetime,
    trigger: str | None = None,
) -> Screen:
    """Score a red-flag screen and store it with every answer; the outcome tier decides the rest.

    ``trigger`` defaults to onboarding for a runner's first full screen, weekly for a short
    form and runner otherwise.
    """
    if not runner.is_runner:
        raise InputError("only runners answer the safety screen", source="runner")
    outcome = redflags.screen(answers, now=now, short=short)
    if trigger is None:
        if short:
            trigger = Screen.Trigger.WEEKLY
        elif not safety.has_completed_screen(runner):
            trigger = Screen.Trigger.ONBOARDING
        else:
            trigger = Screen.Trigger.RUNNER
    texts = {q.id: q.text for q in redflags.questions(short=short)}
    with transaction.atomic():
        screen = Screen.objects.create(
            runner=runner,
            form=outcome.form,
            trigger=trigger,
            tier=int(outcome.tier),
            positives=[_positive_dict(p) for p in outcome.positives],
            knowledge_version=_knowledge_version(),
            answered_at=now,
        )
        ScreenAnswer.objects.bulk_create(
            ScreenAnswer(screen=screen, question_id=qid, question=texts[qid], answer=answer)
            for qid, answer in outcome.answers.items()
        )
    return screen


def acknowledge(runner: User, screen: Screen, *, now: datetime) -> Acknowledgement:
    """Record that the runner has read the advice of ``screen`` (it lifts no block)."""
    if screen.runner_id != runner.pk:
        raise InputError("not your screen", source="screen")
    return Acknowledgement.objects.create(
        runner=runner, screen=screen, kind=Acknowledgement.Kind.READ, confirmed_at=now
    )


def confirm_clearance(runner: User, *, note: str, now: datetime) -> Acknowledgement:
    """Record the runner's confirmation that a clinician has checked them since their screens.

    It clears every screen answered up to ``now``; a screen answered later needs a new one.
    Raises :class:`InputError` when no screen is waiting for clearance.
    """
    waiting = safety.screens_waiting_for_clearance(runner, now=now)
    if not waiting:
        raise InputError(
            "none of your screens is waiting for a clinician's clearance", source="confirm"
        )
    if len(note) > 300:
        raise InputError("at most 300 characters", source="note")
    return Acknowledgement.objects.create(
        runner=runner,
        screen=waiting[0],
        kind=Acknowledgement.Kind.CLEARED,
        note=note.strip(),
        confirmed_at=now,
    )


def latest_pain_profile(runner: User) -> PainProfileEntry | None:
    return PainProfileEntry.objects.filter(runner=runner).first()


def record_pain_profile(
    runner: User, data: Mapping[str, Any], *, now: datetime
) -> tuple[PainProfileEntry, bool]:
    """Validate and store a pain profile; also say whether it reports *new* leg symptoms.

    New leg symptoms (thigh, below the knee, both sides, not in the previous profile) mean
    the red-flag short form should be asked again.
    """
    profile = PainProfile.from_mapping(data)
    previous = latest_pain_profile(runner)
    before: set[str] = set()
    if previous is not None:
        before = set(PainProfile.from_mapping(previous.data).location)
    new_leg = profile.has_leg_symptoms and not (
        before & set(profile.location) & {"thigh", "below_knee", "both_sides"}
    )
    entry = PainProfileEntry.objects.create(runner=runner, data=profile.as_dict(), answered_at=now)
    return entry, new_leg


def may_enter(viewer: User, runner: User, instrument_name: str) -> bool:
    """Runners enter their own questionnaires; a clinician whose grant allows comments may
    enter the clinician-entered scorers (instruments whose text backstride does not ship).
    A read-only grant only looks."""
    if viewer.pk == runner.pk:
        return True
    if instruments.get(instrument_name).text_shipped:
        return False
    return may_comment(viewer, runner)


def record_instrument(
    runner: User,
    name: str,
    answers: object,
    *,
    entered_by: User,
    now: datetime,
) -> InstrumentResponse:
    """Score ``answers`` with the instrument ``name`` and store the answers and the score."""
    result = instruments.score(name, answers)
    return InstrumentResponse.objects.create(
        runner=runner,
        entered_by=entered_by,
        instrument=result.instrument,
        version=result.version,
        answers=answers,
        score=float(result.score),
        subscores=dict(result.subscores),
        category=result.category or "",
        interpretation=result.interpretation,
        source=result.source,
        notes=list(result.notes),
        answered_at=now,
    )


def norm_sex(runner: User) -> str | None:
    """The sex used for sex-specific norms: male or female from the profile, else none."""
    profile = RunnerProfile.objects.filter(user=runner).first()
    if profile is not None and profile.sex in selftests.SEXES:
        return profile.sex
    return None


def may_enter_self_test(viewer: User, runner: User) -> bool:
    """Runners record their own self-tests; a clinician whose grant allows comments may enter
    a clinical test result for the runner. A read-only grant only looks."""
    return viewer.pk == runner.pk or may_comment(viewer, runner)


def record_self_test(
    runner: User,
    test_id: str,
    values: Mapping[str, object],
    *,
    now: datetime,
    entered_by: User | None = None,
    note: str = "",
) -> SelfTestResult:
    """Compare a self-test result with its norms and store the values and findings.

    ``entered_by`` is the clinician who entered a clinical test result for the runner
    (shown as such, with the optional ``note``); None when the runner recorded it themself.
    The caller checks :func:`may_enter_self_test` first (as for :func:`record_instrument`).
    Raises :class:`InputError` naming the field for bad values or a note over
    :data:`~backstride_web.assessments.models.NOTE_MAX_LENGTH` characters; nothing is stored
    then."""
    clinician = entered_by if entered_by is not None and entered_by.pk != runner.pk else None
    cleaned_note = note.strip()
    if len(cleaned_note) > NOTE_MAX_LENGTH:
        raise InputError(f"keep the note under {NOTE_MAX_LENGTH} characters", source="note")
    sex = norm_sex(runner)
    comparison = selftests.compare(test_id, values, sex=sex)
    return SelfTestResult.objects.create(
        runner=runner,
        entered_by=clinician,
        note=cleaned_note,
        test=comparison.test,
        name=comparison.name,
        values=dict(comparison.values),
        sex=sex or "",
        findings=[
            {
                "norm": f.norm,
                "status": f.status,
                "value": f.value,
                "message": f.message,
                "source": f.source,
                "evidence": f.evidence,
            }
            for f in comparison.findings
        ],
        caveats=list(comparison.caveats),
        source=comparison.source,
        evidence=comparison.evidence,
        answered_at=now,
    )
