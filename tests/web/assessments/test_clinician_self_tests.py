"""A clinician whose grant allows comments enters a clinical self-test result for a runner.

Same form, validation and norms as the runner's own entry; stored with ``entered_by``; shown
to the runner as entered by the clinician; logged as a change; used by the explain ranking.
A read-only grant sees no form and a POST gets a 404; strangers and revoked clinicians too.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride.assess import selftests
from backstride_web.accounts.models import AccessLog, CareGrant, User
from backstride_web.assessments.models import NOTE_MAX_LENGTH, SelfTestResult
from backstride_web.explain.services import build_case, explain_runner
from tests.factories import make_clinician

THOMAS_OUTSIDE = {
    "thigh_level_left": "no",
    "thigh_level_right": "yes",
    "knee_flexion_deg_left": "85",
    "note": "Pelvis stabilised; left thigh clearly above level.",
}


def _url(runner: User, test_id: str = "modified_thomas") -> str:
    return reverse(
        "assessments:runner_self_test", kwargs={"runner_id": runner.pk, "test_id": test_id}
    )


@pytest.fixture
def physio(runner: User, clinician: User) -> User:
    """The runner's clinician with a "read and comment" grant."""
    CareGrant.objects.filter(clinician=clinician).update(scope=CareGrant.Scope.COMMENT)
    clinician.display_name = "Dr Pat Physio"
    clinician.save()
    return clinician


def test_the_clinician_enters_a_result_scored_against_the_norms(
    runner: User, physio: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(physio)
    form = client.get(_url(runner))
    assert form.status_code == 200
    page = form.content.decode()
    assert "enter a clinical result for" in page
    assert 'name="note"' in page
    assert "0-180 degrees" in page  # measured values with their units
    response = client.post(_url(runner), THOMAS_OUTSIDE)
    stored = SelfTestResult.objects.get()
    assert response["Location"] == reverse("assessments:self_test_result", args=[stored.pk])
    assert stored.runner == runner
    assert stored.entered_by == physio
    assert stored.note == THOMAS_OUTSIDE["note"]
    assert stored.values == {
        "thigh_level_left": False,
        "thigh_level_right": True,
        "knee_flexion_deg_left": 85.0,
    }
    own = selftests.compare("modified_thomas", stored.values, sex=stored.sex or None)
    assert [f["status"] for f in stored.findings] == [f.status for f in own.findings]
    assert {f["norm"]: f["status"] for f in stored.findings}["one_joint_hip_flexors_left"] == (
        "outside"
    )


def test_the_runner_sees_it_marked_as_entered_by_the_clinician(
    runner: User, physio: User, client_for: Callable[[User], Client]
) -> None:
    client_for(physio).post(_url(runner), THOMAS_OUTSIDE)
    stored = SelfTestResult.objects.get()
    mine = client_for(runner)
    detail = mine.get(reverse("assessments:self_test_result", args=[stored.pk])).content.decode()
    assert "entered by Dr Pat Physio" in detail
    assert "Note from Dr Pat Physio" in detail
    assert "left thigh clearly above level" in detail
    results = mine.get(reverse("assessments:runner_results", args=[runner.pk])).content.decode()
    assert "(entered by Dr Pat Physio)" in results


def test_the_entry_is_logged_as_a_change(
    runner: User, physio: User, client_for: Callable[[User], Client]
) -> None:
    client_for(physio).post(_url(runner), THOMAS_OUTSIDE)
    changes = [
        row for row in AccessLog.objects.filter(runner=runner, clinician=physio) if row.changed
    ]
    assert [(row.method, row.path) for row in changes] == [("POST", _url(runner))]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"thigh_level_right": "yes"}, "thigh_level_left"),
        ({**THOMAS_OUTSIDE, "knee_flexion_deg_left": "181"}, "knee_flexion_deg_left"),
        ({**THOMAS_OUTSIDE, "thigh_level_left": "perhaps"}, "thigh_level_left"),
        ({**THOMAS_OUTSIDE, "note": "x" * (NOTE_MAX_LENGTH + 1)}, "note"),
    ],
)
def test_bad_values_get_field_errors_and_save_nothing(
    runner: User,
    physio: User,
    client_for: Callable[[User], Client],
    data: dict[str, str],
    field: str,
) -> None:
    response = client_for(physio).post(_url(runner), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not SelfTestResult.objects.exists()


def test_a_read_only_grant_sees_no_form_and_a_post_is_404(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(clinician)  # the fixture's grant is read only
    assert client.get(_url(runner)).status_code == 404
    assert client.post(_url(runner), THOMAS_OUTSIDE).status_code == 404
    results = client.get(reverse("assessments:runner_results", args=[runner.pk])).content.decode()
    assert _url(runner) not in results
    assert not SelfTestResult.objects.exists()
    assert not [r for r in AccessLog.objects.filter(runner=runner) if r.changed]


def test_the_results_page_links_every_test_for_a_commenting_clinician(
    runner: User, physio: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(physio).get(reverse("assessments:runner_results", args=[runner.pk]))
    for test in selftests.tests():
        assert _url(runner, test.id) in page.content.decode()


def test_strangers_revoked_clinicians_and_unknown_tests_get_404(
    runner: User, physio: User, client_for: Callable[[User], Client], db: None
) -> None:
    other = make_clinician("other@example.org")
    assert client_for(other).post(_url(runner), THOMAS_OUTSIDE).status_code == 404
    assert client_for(physio).get(_url(runner, "no_such_test")).status_code == 404
    CareGrant.objects.filter(clinician=physio).update(revoked_at=timezone.now())
    assert client_for(physio).post(_url(runner), THOMAS_OUTSIDE).status_code == 404
    assert not SelfTestResult.objects.exists()


def test_the_runner_on_the_clinician_url_is_sent_to_their_own_page(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(_url(runner))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:self_test", args=["modified_thomas"])


def _thomas_term(runner: User) -> tuple[bool | None, float]:
    _, found = explain_runner(runner, now=timezone.now())
    ranked = next(r for r in found.ranked if r.id == "hip_flexor_tightness")
    terms = [*ranked.speaks_for, *ranked.speaks_against, *ranked.unknown]
    term = next(t for t in terms if t.key == "thomas_outside")
    return term.value, ranked.score


def test_the_explain_ranking_uses_a_clinician_entered_result(
    runner: User, physio: User, client_for: Callable[[User], Client]
) -> None:
    before, score_before = _thomas_term(runner)
    assert before is None  # no Thomas test yet: unknown
    client_for(physio).post(_url(runner), THOMAS_OUTSIDE)
    case = build_case(runner, now=timezone.now())
    assert [t.test for t in case.self_tests] == ["modified_thomas"]
    after, score_after = _thomas_term(runner)
    assert after is True
    assert score_after > score_before
