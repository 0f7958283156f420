from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from backstride.cli import app
from backstride_web.accounts.models import CareGrant, User
from backstride_web.activities.models import Activity, ActivityStreams
from backstride_web.activities.services import import_paths
from backstride_web.diary.models import RunPain
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
