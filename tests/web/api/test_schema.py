"""schemathesis against the OpenAPI schema: no 5xx, and every answer matches the schema.

Each operation gets a bounded number of generated requests: valid ones, then a few invalid
ones (wrong types, out-of-range values) that must be refused with a documented JSON error.
Generation is derandomized, so a run is repeatable. Requests go through Django's WSGI
handler with a real write token of a runner who has runs, a diary, check-ins, an intake, a
plan, an experiment and a gait session; half the cases of an operation with an id in its
path use the runner's real records, the others miss (404, documented).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backstride.plan.model import Goal
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.api.main import api
from backstride_web.assessments.models import InstrumentResponse, Screen, SelfTestResult
from backstride_web.jobs import services as jobs
from backstride_web.plans import services as plans
from tests.web.api.conftest import token_for
from tests.web.experiments import access_ids as experiment_ids
from tests.web.gait import access_ids as gait_ids

MAX_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def _owned_ids(runner: User) -> dict[str, Any]:
    today = timezone.localdate()
    goal = Goal("5k", today + datetime.timedelta(weeks=16))
    plans.create_plan(runner, goal, today=today, now=timezone.now())
    first = {
        model.__name__: model.objects.filter(runner=runner).values_list("pk", flat=True)[0]
        for model in (Screen, InstrumentResponse, SelfTestResult)
    }
    return {
        "activity_id": Activity.objects.get(owner=runner, source_format="fit").pk,
        "screen_id": first["Screen"],
        "response_id": first["InstrumentResponse"],
        "result_id": first["SelfTestResult"],
        "job_id": str(jobs.submit(runner, "export_account").pk),
        **experiment_ids.owned_ids(runner),
        **gait_ids.owned_ids(runner),
    }


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler, minus the per-request connection reset (as the test Client
    does), so requests run inside the test's transaction and see its data."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_endpoint_is_covered() -> None:
    assert len(OPERATIONS) >= 21
    assert {op.label for op in OPERATIONS} >= {
        "GET /api/v1/activities",
        "POST /api/v1/activities/upload",
        "POST /api/v1/pain-events",
        "POST /api/v1/checkins",
        "GET /api/v1/explain",
        "GET /api/v1/experiments/{experiment_id}",
        "GET /api/v1/gait-sessions/{session_id}",
    }


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_the_api_answers_as_its_schema_says(
    operation: Any, runner_with_data: User, wsgi_app: WSGIHandler
) -> None:
    SCHEMA.app = wsgi_app
    headers = {"Authorization": f"Bearer {token_for(runner_with_data, 'write')}"}
    owned = _owned_ids(runner_with_data)
    keys = re.findall(r"{(\w+)}", operation.path)

    def cases(mode: GenerationMode) -> Any:
        generated = operation.as_strategy(generation_mode=mode)
        if not keys:
            return generated
        # Half the cases reach the runner's real records.
        real = operation.as_strategy(
            generation_mode=mode, path_parameters={k: owned[k] for k in keys}
        )
        return st.one_of(generated, real)

    for mode, examples in ((GenerationMode.POSITIVE, MAX_EXAMPLES), (GenerationMode.NEGATIVE, 5)):

        @given(case=cases(mode))
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call(headers=headers, app=wsgi_app)
            case.validate_response(response, checks=CHECKS)

        check()
