"""The JSON API, version 1: one :class:`ninja.NinjaAPI` mounted at ``/api/v1/``.

The OpenAPI schema is at ``/api/v1/openapi.json``. There is no interactive docs page: the
usual ones load scripts from a CDN, which the Content-Security-Policy forbids; point any
OpenAPI viewer at the schema instead (docs/api.md).
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation

from backstride_web.api import errors
from backstride_web.api.auth import AUTH
from backstride_web.api.routes import (
    activities,
    assessments,
    diary,
    experiments,
    gait,
    insight,
    jobs,
)


class BackstrideAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Operation ids are the endpoint functions' names (``list_activities``)."""
        return operation.view_func.__name__


api = BackstrideAPI(
    title="backstride API",
    version="1",
    description=(
        "Runs, pain diary, assessments, analysis, explanation, plan, self-experiments and "
        "gait sessions of a runner, for the "
        "runner and the clinicians they share with. backstride never diagnoses. "
        "Authenticate with 'Authorization: Bearer <token>' (make one at /api/tokens/) or a "
        'logged-in browser session. Errors: {"error": {"code", "message", "field"}}.'
    ),
    auth=AUTH,
    urls_namespace="api-v1",
    docs_url=None,
)
errors.install(api)

for module in (activities, diary, assessments, insight, experiments, gait, jobs):
    api.add_router("/", module.router)
