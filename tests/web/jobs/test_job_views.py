from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.jobs import services
from backstride_web.jobs.models import JobStatus


def _url(name: str, job: Any) -> str:
    return reverse(f"jobs:{name}", kwargs={"job_id": job.pk})


def test_the_status_fragment_polls_while_running(
    runner: User, client_for: Callable[[User], Client], test_kinds: list[Any]
) -> None:
    job = services.submit(runner, "test_steps")
    body = client_for(runner).get(_url("status", job)).content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'data-status="queued"' in body


def test_the_status_fragment_stops_polling_when_done(
    runner: User, client_for: Callable[[User], Client], test_kinds: list[Any]
) -> None:
    job = services.execute(services.submit(runner, "test_steps").pk)
    body = client_for(runner).get(_url("status", job)).content.decode()
    assert "hx-trigger" not in body
    assert 'value="100"' in body


def test_a_failed_job_shows_its_error_and_a_retry_button(
    runner: User, client_for: Callable[[User], Client], test_kinds: list[Any]
) -> None:
    job = services.execute(services.submit(runner, "test_bad_input").pk)
    client = client_for(runner)
    body = client.get(_url("detail", job)).content.decode()
    assert "run.fit: the file ends in the middle of a record" in body
    assert _url("retry", job) in body
    response = client.post(_url("retry", job))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_retry_needs_a_post(
    runner: User, client_for: Callable[[User], Client], test_kinds: list[Any]
) -> None:
    job = services.execute(services.submit(runner, "test_crash").pk)
    assert client_for(runner).get(_url("retry", job)).status_code == 405


def test_the_list_shows_my_jobs(
    runner: User, client_for: Callable[[User], Client], test_kinds: list[Any]
) -> None:
    services.submit(runner, "test_steps")
    assert "Counting steps" in client_for(runner).get(reverse("jobs:list")).content.decode()


def test_other_peoples_jobs_are_404(
    runner: User,
    stranger: User,
    clinician: User,
    client_for: Callable[[User], Client],
    test_kinds: list[Any],
) -> None:
    job = services.execute(services.submit(runner, "test_bad_input").pk)
    for outsider in (stranger, clinician):
        client = client_for(outsider)
        for name in ("detail", "status", "download"):
            assert client.get(_url(name, job)).status_code == 404, name
        assert client.post(_url("retry", job)).status_code == 404
        assert "Bad input" not in client.get(reverse("jobs:list")).content.decode()


def test_a_job_without_a_file_has_no_download(
    runner: User, client_for: Callable[[User], Client], test_kinds: list[Any]
) -> None:
    job = services.execute(services.submit(runner, "test_steps").pk)
    assert client_for(runner).get(_url("download", job)).status_code == 404


def test_a_result_path_outside_media_is_refused(
    runner: User, client_for: Callable[[User], Client], test_kinds: list[Any]
) -> None:
    job = services.execute(services.submit(runner, "test_steps").pk)
    job.result = {"file": "../../../../etc/passwd"}
    job.save()
    assert client_for(runner).get(_url("download", job)).status_code == 404
