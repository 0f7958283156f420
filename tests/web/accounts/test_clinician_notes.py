from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts import services
from backstride_web.accounts.models import AccessLog, CareGrant, ClinicianNote, User
from backstride_web.assessments.services import record_self_test
from tests.factories import make_clinician


def _page(runner: User) -> str:
    return reverse("accounts:runner_profile", kwargs={"runner_id": runner.pk})


def _add(runner: User) -> str:
    return reverse("accounts:add_note", kwargs={"runner_id": runner.pk})


def _scope(clinician: User, scope: str) -> None:
    CareGrant.objects.filter(clinician=clinician).update(scope=scope)


@pytest.mark.parametrize("scope", [CareGrant.Scope.COMMENT, CareGrant.Scope.EDIT_PLAN])
def test_a_commenting_clinician_adds_a_note_the_runner_sees_marked(
    scope: str, runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    clinician.display_name = "Dr Pat Physio"
    clinician.save()
    _scope(clinician, scope)
    physio = client_for(clinician)
    assert 'name="text"' in physio.get(_page(runner)).content.decode()

    response = physio.post(_add(runner), {"text": "  Try the 10-minute warm-up first.  "})
    assert response.status_code == 302
    note = ClinicianNote.objects.get()
    assert (note.runner, note.author, note.text) == (
        runner,
        clinician,
        "Try the 10-minute warm-up first.",
    )

    seen = client_for(runner).get(_page(runner)).content.decode()
    assert "Entered by Dr Pat Physio" in seen
    assert "Try the 10-minute warm-up first." in seen
    assert 'name="text"' not in seen  # the runner reads notes, does not write them
    changed = AccessLog.objects.get(runner=runner, method="POST")
    assert (changed.clinician, changed.path, changed.changed) == (clinician, _add(runner), True)


def test_a_read_only_clinician_gets_no_form_and_a_404(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    physio = client_for(clinician)
    page = physio.get(_page(runner)).content.decode()
    assert 'name="text"' not in page
    assert "read only" in page
    assert physio.post(_add(runner), {"text": "sneaky"}).status_code == 404
    assert not ClinicianNote.objects.exists()
    assert not AccessLog.objects.filter(method="POST").exists()
    with pytest.raises(PermissionError):
        services.add_clinician_note(clinician, runner, "sneaky", now=timezone.now())


def test_strangers_runners_and_revoked_clinicians_cannot_add_notes(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    _scope(clinician, CareGrant.Scope.COMMENT)
    outsider = make_clinician("outsider@example.org")
    assert client_for(outsider).post(_add(runner), {"text": "x"}).status_code == 404
    assert client_for(stranger).post(_add(runner), {"text": "x"}).status_code == 404
    assert client_for(runner).post(_add(runner), {"text": "x"}).status_code == 404
    CareGrant.objects.update(revoked_at=timezone.now())
    assert client_for(clinician).post(_add(runner), {"text": "x"}).status_code == 404
    assert not ClinicianNote.objects.exists()


def test_an_empty_note_is_a_field_error(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    _scope(clinician, CareGrant.Scope.COMMENT)
    response = client_for(clinician).post(_add(runner), {"text": "   "})
    assert response.status_code == 400
    assert response.context["note_form"].errors["text"]
    too_long = client_for(clinician).post(_add(runner), {"text": "x" * 5000})
    assert too_long.status_code == 400
    assert not ClinicianNote.objects.exists()


def test_a_clinician_entered_self_test_is_marked(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    clinician.display_name = "Dr Pat Physio"
    clinician.save()
    values = {"thigh_level_left": False, "thigh_level_right": True}
    own = record_self_test(runner, "modified_thomas", values, now=timezone.now())
    theirs = record_self_test(
        runner, "modified_thomas", values, now=timezone.now(), entered_by=clinician
    )
    assert own.entered_by is None
    assert theirs.entered_by == clinician
    client = client_for(runner)

    def page(result_id: int) -> str:
        url = reverse("assessments:self_test_result", kwargs={"result_id": result_id})
        return client.get(url).content.decode()

    assert "entered by Dr Pat Physio" in page(theirs.pk)
    assert "entered by" not in page(own.pk)
