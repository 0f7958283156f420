"""Every route, generated from the URL resolver: strangers and revoked clinicians never
reach a runner's data. A new route whose URL carries an id this test does not know fails
here until someone says which object that id points to."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from backstride_web.accounts.models import CareGrant, Invitation, User
from backstride_web.activities.services import import_paths
from backstride_web.assessments.demo import build_intake
from backstride_web.assessments.models import InstrumentResponse, Screen, SelfTestResult
from backstride_web.jobs import services as jobs
from tests.factories import make_clinician, make_runner
from tests.web.activities.conftest import RUN_FIT

SECRET = "Zebediah Quockerwodger"
"""The runner's display name: no page an outsider gets may contain it."""

# URL keyword arguments that are not a runner's record: a fixed, harmless value each.
NEUTRAL = {
    "name": "startback",
    "test_id": "modified_thomas",
    "exercise_id": "bird_dog",
    "day": "2026-12-01",
    "uidb64": "MQ",
    "token": "set-password",
}


def _app_owned_ids(runner: User) -> dict[str, Any]:
    """Ids of records that apps own, from each ``tests/web/<app>/access_ids.py``.

    Such a module defines ``owned_ids(runner) -> {url keyword: primary key}``: it creates one
    record of each kind its app's URLs point to, owned by ``runner``.
    """
    ids: dict[str, Any] = {}
    for module_file in sorted(Path(__file__).parent.glob("*/access_ids.py")):
        module = importlib.import_module(f"tests.web.{module_file.parent.name}.access_ids")
        for key, value in module.owned_ids(runner).items():
            assert key not in ids, f"{module_file}: URL keyword {key!r} is claimed twice"
            ids[key] = value
    return ids


def _routes() -> Iterator[tuple[str, str, list[str]]]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace != "admin":
                keys = list(pattern.pattern.regex.groupindex)
                yield f"{namespace}:{pattern.name}", str(pattern.pattern), keys

    yield from walk(get_resolver().url_patterns, "")


ROUTES = sorted(_routes())


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    runner = make_runner("owner@example.org")
    runner.display_name = SECRET
    runner.save()
    build_intake(runner, now=timezone.now())
    [result] = import_paths(runner, [RUN_FIT])
    job = jobs.submit(runner, "export_account")
    revoked = make_clinician("revoked@example.org", patients=[runner])
    CareGrant.objects.filter(clinician=revoked).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        runner=runner, code="ABCD-EFGH", scope="read", expires_at=timezone.now()
    )
    ids = {
        "runner_id": runner.pk,
        "activity_id": result.activity_id,
        "job_id": job.pk,
        "screen_id": Screen.objects.filter(runner=runner).first().pk,  # type: ignore[union-attr]
        "response_id": InstrumentResponse.objects.filter(runner=runner).first().pk,  # type: ignore[union-attr]
        "result_id": SelfTestResult.objects.filter(runner=runner).first().pk,  # type: ignore[union-attr]
        "grant_id": CareGrant.objects.get(clinician=revoked).pk,
        "invitation_id": invitation.pk,
    }
    ids.update(_app_owned_ids(runner))
    return {
        "runner": runner,
        "ids": ids,
        "outsiders": {
            "stranger": make_runner("outsider@example.org"),
            "revoked clinician": revoked,
        },
    }


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "route", "keys"), ROUTES, ids=[r[0] for r in ROUTES])
def test_outsiders_never_reach_a_runners_data(
    world: dict[str, Any], name: str, route: str, keys: list[str]
) -> None:
    unknown = [k for k in keys if k not in world["ids"] and k not in NEUTRAL]
    assert not unknown, f"{name} ({route}): say which record {unknown} point to, in this test"
    kwargs = {k: world["ids"].get(k, NEUTRAL.get(k)) for k in keys}
    url = reverse(name, kwargs=kwargs or None)
    owned = [k for k in keys if k in world["ids"]]
    for who, outsider in world["outsiders"].items():
        client = _client(outsider)
        for method in ("get", "post"):
            # ?runner= too: pages that take a runner that way must refuse outsiders.
            response = getattr(client, method)(url, {"runner": world["runner"].pk})
            body = response.content.decode(errors="replace") if not response.streaming else ""
            assert response.status_code < 500, f"{who} {method.upper()} {url}"
            assert SECRET not in body, f"{who} {method.upper()} {url} shows the runner"
            if owned:
                assert response.status_code in (404, 405), (
                    f"{who} {method.upper()} {url} answered {response.status_code}, not 404"
                )


def test_the_route_list_is_not_empty() -> None:
    assert len(ROUTES) > 40
    assert {"activities:detail", "jobs:download", "assessments:runner_results"} <= {
        r[0] for r in ROUTES
    }


def test_a_job_id_that_does_not_exist_is_404_too(world: dict[str, Any]) -> None:
    url = reverse("jobs:detail", kwargs={"job_id": uuid.uuid4()})
    assert _client(world["runner"]).get(url).status_code == 404
