"""Assessments (read only): red-flag screens, questionnaire results and self-test results."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params import P, PathEx, QueryEx

from backstride.analysis.jsonable import to_jsonable
from backstride_web.accounts.access import owned_or_404
from backstride_web.api.common import (
    DEFAULT_LIMIT,
    MAX_ID,
    Limit,
    Offset,
    Page,
    RunnerParam,
    Since,
    Until,
    date_range,
    paginate,
    responses,
    runner_for,
    viewer,
)
from backstride_web.assessments.models import InstrumentResponse, Screen, SelfTestResult

router = Router(tags=["assessments"])


class ScreenOut(Schema):
    id: int
    runner: int
    form: str
    trigger: str
    tier: int
    tier_name: str
    positives: list[Any]
    knowledge_version: str
    answered_at: datetime.datetime


class ScreenAnswerOut(Schema):
    question_id: str
    question: str
    answer: str


class ScreenDetailOut(ScreenOut):
    answers: list[ScreenAnswerOut]
    acknowledged: bool


class QuestionnaireOut(Schema):
    id: int
    runner: int
    entered_by: int | None
    instrument: str
    version: str
    score: float
    subscores: dict[str, Any]
    category: str
    interpretation: str
    source: str
    notes: list[Any]
    answered_at: datetime.datetime


class QuestionnaireDetailOut(QuestionnaireOut):
    answers: dict[str, Any] | list[Any]


class SelfTestOut(Schema):
    id: int
    runner: int
    test: str
    name: str
    values: dict[str, Any]
    sex: str
    findings: list[Any]
    caveats: list[Any]
    source: str
    evidence: str
    answered_at: datetime.datetime


def screen_out(row: Screen) -> ScreenOut:
    return ScreenOut(
        id=row.pk,
        runner=row.runner_id,
        form=row.form,
        trigger=row.trigger,
        tier=row.tier,
        tier_name=row.tier_enum.name,
        positives=to_jsonable(list(row.positives or [])),
        knowledge_version=row.knowledge_version,
        answered_at=row.answered_at,
    )


def _questionnaire(row: InstrumentResponse) -> dict[str, Any]:
    return {
        "id": row.pk,
        "runner": row.runner_id,
        "entered_by": row.entered_by_id,
        "instrument": row.instrument,
        "version": row.version,
        "score": row.score,
        "subscores": to_jsonable(dict(row.subscores or {})),
        "category": row.category,
        "interpretation": row.interpretation,
        "source": row.source,
        "notes": to_jsonable(list(row.notes or [])),
        "answered_at": row.answered_at,
    }


def questionnaire_out(row: InstrumentResponse) -> QuestionnaireOut:
    return QuestionnaireOut(**_questionnaire(row))


def self_test_out(row: SelfTestResult) -> SelfTestOut:
    return SelfTestOut(
        id=row.pk,
        runner=row.runner_id,
        test=row.test,
        name=row.name,
        values=to_jsonable(dict(row.values or {})),
        sex=row.sex,
        findings=to_jsonable(list(row.findings or [])),
        caveats=to_jsonable(list(row.caveats or [])),
        source=row.source,
        evidence=row.evidence,
        answered_at=row.answered_at,
    )


@router.get("/screens", response=responses(Page[ScreenOut]))
def list_screens(
    request: HttpRequest,
    runner: RunnerParam = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A runner's red-flag screens, newest first (tier 0 = no flag)."""
    rows = date_range(
        Screen.objects.filter(runner=runner_for(request, runner)), "answered_at__date", since, until
    )
    return paginate(rows, limit, offset, screen_out)


@router.get("/screens/{screen_id}", response=responses(ScreenDetailOut))
def get_screen(request: HttpRequest, screen_id: PathEx[int, P(ge=1, le=MAX_ID)]) -> ScreenDetailOut:
    row = owned_or_404(viewer(request), Screen.objects.all(), screen_id)
    answers = [
        ScreenAnswerOut(question_id=a.question_id, question=a.question, answer=a.answer)
        for a in row.answers.order_by("pk")
    ]
    return ScreenDetailOut(
        **screen_out(row).model_dump(),
        answers=answers,
        acknowledged=row.acknowledgements.exists(),
    )


@router.get("/questionnaires", response=responses(Page[QuestionnaireOut]))
def list_questionnaires(
    request: HttpRequest,
    runner: RunnerParam = None,
    instrument: QueryEx[str | None, P(max_length=32, description="e.g. startback, odi")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A runner's scored questionnaires, newest first."""
    rows = InstrumentResponse.objects.filter(runner=runner_for(request, runner))
    if instrument:
        rows = rows.filter(instrument=instrument)
    rows = date_range(rows, "answered_at__date", since, until)
    return paginate(rows, limit, offset, questionnaire_out)


@router.get("/questionnaires/{response_id}", response=responses(QuestionnaireDetailOut))
def get_questionnaire(
    request: HttpRequest, response_id: PathEx[int, P(ge=1, le=MAX_ID)]
) -> QuestionnaireDetailOut:
    row = owned_or_404(viewer(request), InstrumentResponse.objects.all(), response_id)
    return QuestionnaireDetailOut(**_questionnaire(row), answers=to_jsonable(row.answers))


@router.get("/self-tests", response=responses(Page[SelfTestOut]))
def list_self_tests(
    request: HttpRequest,
    runner: RunnerParam = None,
    test: QueryEx[str | None, P(max_length=40, description="e.g. modified_thomas")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A runner's self-test results with the norms' findings, newest first."""
    rows = SelfTestResult.objects.filter(runner=runner_for(request, runner))
    if test:
        rows = rows.filter(test=test)
    rows = date_range(rows, "answered_at__date", since, until)
    return paginate(rows, limit, offset, self_test_out)


@router.get("/self-tests/{result_id}", response=responses(SelfTestOut))
def get_self_test(request: HttpRequest, result_id: PathEx[int, P(ge=1, le=MAX_ID)]) -> SelfTestOut:
    row = owned_or_404(viewer(request), SelfTestResult.objects.all(), result_id)
    return self_test_out(row)
