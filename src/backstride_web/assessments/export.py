"""The assessments section of a runner's data export: every answer, outcome and confirmation."""

from __future__ import annotations

from typing import Any

from backstride_web.accounts.export import export_section
from backstride_web.accounts.models import User
from backstride_web.assessments.models import (
    Acknowledgement,
    InstrumentResponse,
    PainProfileEntry,
    Screen,
    SelfTestResult,
)


@export_section("assessments")
def export_assessments(user: User) -> dict[str, Any]:
    screens = Screen.objects.filter(runner=user).prefetch_related("answers").order_by("answered_at")
    return {
        "screens": [
            {
                "form": s.form,
                "trigger": s.trigger,
                "tier": s.tier_enum.name,
                "answered_at": s.answered_at.isoformat(),
                "knowledge_version": s.knowledge_version,
                "answers": {a.question_id: a.answer for a in s.answers.all()},
                "positives": s.positives,
            }
            for s in screens
        ],
        "acknowledgements": [
            {
                "kind": a.kind,
                "screen_answered_at": a.screen.answered_at.isoformat(),
                "confirmed_at": a.confirmed_at.isoformat(),
                "note": a.note,
            }
            for a in Acknowledgement.objects.filter(runner=user)
            .select_related("screen")
            .order_by("confirmed_at")
        ],
        "pain_profiles": [
            {"answered_at": p.answered_at.isoformat(), **p.data}
            for p in PainProfileEntry.objects.filter(runner=user).order_by("answered_at")
        ],
        "questionnaires": [
            {
                "instrument": r.instrument,
                "version": r.version,
                "answered_at": r.answered_at.isoformat(),
                "answers": r.answers,
                "score": r.score,
                "subscores": r.subscores,
                "category": r.category,
                "entered_by": r.entered_by.email if r.entered_by else None,
            }
            for r in InstrumentResponse.objects.filter(runner=user)
            .select_related("entered_by")
            .order_by("answered_at")
        ],
        "self_tests": [
            {
                "test": t.test,
                "answered_at": t.answered_at.isoformat(),
                "values": t.values,
                "sex_for_norms": t.sex or None,
                "findings": t.findings,
                "entered_by": t.entered_by.email if t.entered_by else None,
                "note": t.note,
            }
            for t in SelfTestResult.objects.filter(runner=user)
            .select_related("entered_by")
            .order_by("answered_at")
        ],
    }
