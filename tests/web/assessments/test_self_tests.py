"""Self-test pages: instructions, a stopwatch for holds, results compared with cited norms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backstride.assess import selftests
from backstride_web.accounts.models import User
from backstride_web.assessments.models import SelfTestResult

THOMAS = reverse("assessments:self_test", args=["modified_thomas"])
SORENSEN = reverse("assessments:self_test", args=["biering_sorensen"])


@pytest.mark.parametrize("test", selftests.tests(), ids=lambda t: t.id)
def test_every_self_test_has_a_guided_page(
    runner: User, client_for: Callable[[User], Client], test: selftests.SelfTest
) -> None:
    response = client_for(runner).get(reverse("assessments:self_test", args=[test.id]))
    page = response.content.decode()
    assert response.status_code == 200
    assert selftests.stop_rule() in page
    for step in test.steps:
        assert step.replace("'", "&#x27;") in page
    for field in test.fields:
        assert f'name="{field.key}"' in page
    assert ("backstride/stopwatch.js" in page) is test.stopwatch
    assert "<script>" not in page, "no inline scripts under the CSP"


def test_the_stopwatch_is_progressive_enhancement(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(runner).get(SORENSEN).content.decode()
    assert '<div class="stopwatch-controls" hidden>' in page
    assert "type the time below" in page


def test_a_thomas_test_shows_limited_hip_extension_with_source_and_caveats(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    data = {"thigh_level_left": "no", "thigh_level_right": "yes", "knee_flexion_deg_left": "85"}
    response = client.post(THOMAS, data)
    stored = SelfTestResult.objects.get()
    assert response["Location"] == reverse("assessments:self_test_result", args=[stored.pk])
    assert stored.values == {
        "thigh_level_left": False,
        "thigh_level_right": True,
        "knee_flexion_deg_left": 85.0,
    }
    statuses = {f["norm"]: f["status"] for f in stored.findings}
    assert statuses["one_joint_hip_flexors_left"] == "outside"
    assert statuses["one_joint_hip_flexors_right"] == "within"
    page = client.get(response["Location"]).content.decode()
    assert "Vigotsky" in page
    assert "sensitivity 32%" in page
    assert "may" in page


def test_biering_sorensen_norms_are_for_men_only(
    db: None, client_for: Callable[[User], Client]
) -> None:
    from tests.factories import make_runner

    woman = make_runner("w@example.org", sex="female")
    man = make_runner("m@example.org", sex="male")
    client_for(woman).post(SORENSEN, {"hold_s": "150"})
    client_for(man).post(SORENSEN, {"hold_s": "150"})
    by_sex = {r.sex: r.findings[0]["status"] for r in SelfTestResult.objects.all()}
    assert by_sex == {"female": "not_applicable", "male": "outside"}
    page = client_for(woman).get(SORENSEN).content.decode()
    assert "men" in page


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        (SORENSEN, {"hold_s": "241"}, "hold_s"),
        (SORENSEN, {"hold_s": "-3"}, "hold_s"),
        (SORENSEN, {"hold_s": "abc"}, "hold_s"),
        (SORENSEN, {}, "hold_s"),
        (THOMAS, {"thigh_level_right": "yes"}, "thigh_level_left"),
        (THOMAS, {"thigh_level_left": "sometimes", "thigh_level_right": "yes"}, "thigh_level_left"),
        (
            THOMAS,
            {"thigh_level_left": "yes", "thigh_level_right": "yes", "knee_flexion_deg_left": "181"},
            "knee_flexion_deg_left",
        ),
    ],
)
def test_bad_values_get_field_errors_and_save_nothing(
    runner: User, client_for: Callable[[User], Client], url: str, data: dict[str, Any], field: str
) -> None:
    response = client_for(runner).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not SelfTestResult.objects.exists()


def test_mcgill_ratios_are_compared(runner: User, client_for: Callable[[User], Client]) -> None:
    url = reverse("assessments:self_test", args=["mcgill_endurance"])
    test = selftests.get("mcgill_endurance")
    data = dict(zip([f.key for f in test.fields], ["120", "100", "60", "70"], strict=True))
    assert client_for(runner).post(url, data).status_code == 302
    findings = {f["norm"]: f["status"] for f in SelfTestResult.objects.get().findings}
    assert findings["flexor_to_extensor"] in ("within", "outside")
    assert "side_bridge_symmetry" in findings


def test_permissions(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    client_for(runner).post(THOMAS, {"thigh_level_left": "no", "thigh_level_right": "no"})
    url = reverse("assessments:self_test_result", args=[SelfTestResult.objects.get().pk])
    assert client_for(runner).get(url).status_code == 200
    assert client_for(clinician).get(url).status_code == 200
    assert client_for(stranger).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert client_for(clinician).get(THOMAS).status_code == 404
    assert client_for(clinician).post(THOMAS, {}).status_code == 404
    assert (
        client_for(runner).get(reverse("assessments:self_test", args=["nope"])).status_code == 404
    )
    assert client_for(runner).get(reverse("assessments:self_tests")).status_code == 200
