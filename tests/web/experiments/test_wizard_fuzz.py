"""The wizard's second step and the schedule page's forms under hostile input: never a server
error, and nothing saved unless the whole design is valid (the project-wide fuzz test cannot
reach them: step 2 needs ``?template=`` and the schedule an experiment)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride_web.accounts.models import User
from backstride_web.experiments.models import Experiment
from tests.web.security.test_form_fuzz import FIELD, HOSTILE, SKIP_FIELDS


@pytest.mark.slow
@pytest.mark.parametrize("template", ["warm_up", "hip_flexor_stretch", "shoes", "custom"])
def test_no_hostile_wizard_post_is_a_server_error(runner: User, template: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(runner)
    url = reverse("experiments:new") + f"?template={template}"
    page = client.get(url).content.decode()
    fields = sorted(set(FIELD.findall(page)) - SKIP_FIELDS - {"template"})
    assert "n_blocks" in fields

    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(values=st.fixed_dictionaries(dict.fromkeys(fields, HOSTILE)))
    def post(values: dict[str, Any]) -> None:
        response = client.post(url, {**values, "template": template})
        assert response.status_code < 500, f"{values!r} -> {response.status_code}"
        assert response.status_code in (302, 400)
        assert (response.status_code == 302) == Experiment.objects.exists()
        Experiment.objects.all().delete()

    post()


@pytest.mark.slow
def test_no_hostile_stop_or_answer_is_a_server_error(running: Experiment, runner: User) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(runner)

    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(activity=HOSTILE, followed=HOSTILE)
    def answer(activity: str, followed: str) -> None:
        url = reverse("experiments:answer", kwargs={"experiment_id": running.pk})
        response = client.post(url, {"activity": activity, "followed": followed})
        assert response.status_code in (302, 404)

    answer()
    body = client.get(reverse("experiments:detail", kwargs={"experiment_id": running.pk}))
    assert re.search(r'name="reason"', body.content.decode())
