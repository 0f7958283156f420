from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ForeignKey
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from backstride.cli import app
from backstride_web.accounts.models import CareGrant, ClinicianNote, User
from backstride_web.activities.models import Activity, ActivityStreams
from backstride_web.activities.services import import_paths
from backstride_web.diary.models import RunPain
from backstride_web.jobs.models import Job, JobStatus
from backstride_web.jobs.services import execute
from tests.factories import PASSWORD
from tests.web.activities.conftest import RUN_FIT

URL = reverse("accounts:delete")


def _with_data(runner: User) -> Path:
    [result] = import_paths(runner, [RUN_FIT])
    RunPain.objects.create(activity_id=result.activity_id, onset_s=300, peak=5)
    kept_upload = Path(settings.MEDIA_ROOT) / "imports" / str(runner.pk) / "job" / "run.fit"
    kept_upload.parent.mkdir(parents=True, exist_ok=True)
    kept_upload.write_bytes(b"x")
    return kept_upload


def test_deleting_removes_rows_and_files(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    upload = _with_data(runner)
    _with_data(stranger)
    response = client_for(runner).post(URL, {"password": PASSWORD, "confirm": "Delete everything"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=runner.pk).exists()
    assert not upload.exists()
    assert Activity.objects.count() == ActivityStreams.objects.count() == 1
    assert RunPain.objects.count() == 1
    assert not CareGrant.objects.exists()
    assert User.objects.filter(pk=clinician.pk).exists()


def test_wrong_password_or_confirmation_deletes_nothing(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    _with_data(runner)
    response = client_for(runner).post(URL, {"password": "wrong", "confirm": "yes"})
    errors = response.context["form"].errors
    assert "not your password" in errors["password"][0]
    assert "delete everything" in errors["confirm"][0]
    assert Activity.objects.filter(owner=runner).exists()


def test_the_cli_deletes_only_with_yes(runner: User) -> None:
    _with_data(runner)
    refused = CliRunner().invoke(app, ["delete-account", "--user", runner.email])
    assert refused.exit_code == 1
    assert User.objects.filter(pk=runner.pk).exists()
    done = CliRunner().invoke(app, ["delete-account", "--user", runner.email, "--yes"])
    assert done.exit_code == 0, done.output
    assert not User.objects.filter(pk=runner.pk).exists()
    assert "deleted" in done.stdout


def _files_under_media() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def _rows_of(user_id: int) -> list[str]:
    """Every row of any model that points at the account ``user_id``."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ForeignKey) and field.related_model is User:
                rows = model._default_manager.filter(**{field.attname: user_id}).count()
                if rows:
                    found.append(f"{model._meta.label}.{field.name}: {rows}")
    return found


def test_deleting_everything_leaves_no_file_and_no_row(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    from backstride_web.gait.models import GaitSession

    before = _files_under_media()
    client = client_for(runner)
    CareGrant.objects.filter(clinician=clinician).update(scope=CareGrant.Scope.COMMENT)
    client.post(reverse("activities:upload"), {"uploads": [_upload()]})
    assert execute(Job.objects.get(kind="import_activities").pk).status == JobStatus.SUCCEEDED
    client_for(clinician).post(
        reverse("accounts:add_note", kwargs={"runner_id": runner.pk}), {"text": "Note."}
    )
    session = GaitSession(runner=runner, original_name="clip.mp4")
    session.video.save("clip.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=True)
    client.post(reverse("accounts:export"))
    assert execute(Job.objects.get(kind="export_account").pk).status == JobStatus.SUCCEEDED
    pending = client.post(reverse("activities:upload"), {"uploads": [_upload()]})
    assert pending.status_code == 302  # a queued import: its upload waits in imports/
    theirs = _files_under_media() - before
    kinds = {p.relative_to(settings.MEDIA_ROOT).parts[0] for p in theirs}
    assert kinds == {"originals", "exports", "gait", "imports"}
    _with_data(stranger)
    kept = Path(settings.MEDIA_ROOT) / "originals" / str(stranger.pk) / uuid.uuid4().hex / "a.fit"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"the stranger's own file")

    runner_id = runner.pk
    done = client.post(URL, {"password": PASSWORD, "confirm": "delete everything"})
    assert done.status_code == 302

    assert not (theirs & _files_under_media())
    assert kept.is_file()
    assert _rows_of(runner_id) == []
    assert ClinicianNote.objects.count() == 0
    assert User.objects.filter(pk=clinician.pk).exists()
    assert Activity.objects.filter(owner=stranger).exists()


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile(RUN_FIT.name, RUN_FIT.read_bytes())
