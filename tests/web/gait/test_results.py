"""The results page, downloads and the video's byte ranges, for each persona."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from backstride_web.accounts.models import CareGrant, User
from backstride_web.gait.models import GaitMetric, GaitSession, GaitStatus


def _url(name: str, session: GaitSession) -> str:
    return reverse(f"gait:{name}", kwargs={"session_id": session.pk})


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_shows_metrics_with_error_reference_and_source(
    session: GaitSession, runner: User, client_for: Callable[..., Any]
) -> None:
    page = client_for(runner).get(_url("detail", session)).content.decode()
    assert 'data-metric="cadence"' in page
    cadence = session.metrics.get(name="cadence")
    assert cadence.median is not None
    assert abs(cadence.median - 170.0) < 1.0  # the synthetic runner's truth
    assert f"{cadence.median:.1f}" in page
    assert "170–185" in page  # the reference band
    assert "GaitLab" in page
    assert "Young F et al." in page
    assert "±2 steps/min" in page  # the expected error
    assert "Evidence: anecdotal" in page
    assert "<video" in page
    assert _url("overlay", session) in page
    assert 'data-warning="low_fps"' in page  # 30 fps: the gate's advice is shown
    assert "Film in slow motion" in page


def test_it_draws_left_and_right_angle_curves(
    session: GaitSession, runner: User, client_for: Callable[..., Any]
) -> None:
    cycles = session.summary["cycles"]
    assert cycles["strides"]["left"] >= 6
    assert cycles["strides"]["right"] >= 6
    knee = cycles["angles"]["knee_flexion"]
    assert len(knee["left"]) == len(knee["right"]) == cycles["points"]
    # the synthetic runner's legs move alike: the two mean curves agree within a few degrees
    assert max(abs(a - b) for a, b in zip(knee["left"], knee["right"], strict=True)) < 5
    page = client_for(runner).get(_url("detail", session)).content.decode()
    assert page.count('<svg class="chart gait-cycle"') == 3
    assert "Knee flexion" in page
    assert "% of gait cycle" in page
    assert 'class="line gait-left"' in page
    assert 'class="line gait-right"' in page


def test_a_clinician_with_a_grant_sees_it_and_others_do_not(
    session: GaitSession,
    clinician: User,
    stranger: User,
    client_for: Callable[..., Any],
) -> None:
    query = {"runner": session.runner_id}
    assert client_for(clinician).get(_url("detail", session), query).status_code == 200
    assert client_for(clinician).get(_url("overlay", session), query).status_code == 200
    assert client_for(stranger).get(_url("detail", session)).status_code == 404
    assert client_for(stranger).get(_url("overlay", session)).status_code == 404
    CareGrant.objects.filter(clinician=clinician).update(revoked_at=session.created_at)
    assert client_for(clinician).get(_url("detail", session), query).status_code == 404
    assert client_for(clinician).get(_url("steps_csv", session), query).status_code == 404


def test_the_video_is_served_in_byte_ranges(
    session: GaitSession, runner: User, client_for: Callable[..., Any]
) -> None:
    client = client_for(runner)
    whole = _body(client.get(_url("overlay", session)))
    assert len(whole) == 256 * 40
    part = client.get(_url("overlay", session), HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert part["Content-Type"] == "video/webm"
    assert part["Accept-Ranges"] == "bytes"
    assert _body(part) == whole[100:200]
    open_ended = client.get(_url("overlay", session), HTTP_RANGE="bytes=10000-")
    assert _body(open_ended) == whole[10000:]
    assert open_ended["Content-Length"] == str(len(whole) - 10000)
    tail = client.get(_url("overlay", session), HTTP_RANGE="bytes=-16")
    assert _body(tail) == whole[-16:]
    beyond = client.get(_url("overlay", session), HTTP_RANGE=f"bytes={len(whole)}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(whole)}"
    several = client.get(_url("overlay", session), HTTP_RANGE="bytes=0-1,5-6")
    assert several.status_code == 200
    assert len(_body(several)) == len(whole)


def test_downloads_hold_the_cores_numbers(
    session: GaitSession, runner: User, client_for: Callable[..., Any]
) -> None:
    client = client_for(runner)
    steps = _body(client.get(_url("steps_csv", session))).decode()
    rows = list(csv.DictReader(io.StringIO(steps)))
    valid = [r for r in rows if r["valid"] == "1"]
    assert len(valid) == session.steps_left + session.steps_right  # type: ignore[operator]
    frames = _body(client.get(_url("frames_csv", session))).decode().splitlines()
    assert frames[0].startswith("frame,time_s,pose_found,legs_swapped,nose_x_raw")
    assert len(frames) == 1 + session.frames  # type: ignore[operator]
    response = client.get(_url("summary_json", session))
    assert response["Content-Disposition"].startswith("attachment")
    document = json.loads(response.content)
    assert document["session"]["view"] == "side"
    assert document["metrics"]["cadence"]["median"] == round(
        session.metrics.get(name="cadence").median,
        2,  # type: ignore[arg-type]
    )
    assert document["metrics"]["cadence"]["reference"]["low"] == 170.0


def test_a_failed_session_shows_its_error_and_no_numbers(
    runner: User, client_for: Callable[..., Any]
) -> None:
    failed = GaitSession.objects.create(
        runner=runner,
        original_name="holiday.jpg.mp4",
        video="gait/x/original.mp4",
        status=GaitStatus.FAILED,
        error="original.mp4: this is a still JPEG image, not a video",
    )
    page = client_for(runner).get(_url("detail", failed)).content.decode()
    assert "this is a still JPEG image, not a video" in page
    assert 'data-status="failed"' in page
    assert "gait-metrics" not in page
    assert client_for(runner).get(_url("summary_json", failed)).status_code == 404
    assert not GaitMetric.objects.filter(session=failed).exists()


def test_the_status_part_reloads_the_page_when_done(
    session: GaitSession, runner: User, client_for: Callable[..., Any]
) -> None:
    response = client_for(runner).get(_url("status", session))
    assert response["HX-Refresh"] == "true"


def test_the_list_shows_sessions_and_offers_a_comparison(
    session: GaitSession, runner: User, client_for: Callable[..., Any], tmp_path: Any
) -> None:
    from tests.web.gait.conftest import done_session

    page = client_for(runner).get(reverse("gait:list")).content.decode()
    assert _url("detail", session) in page
    assert "Compare two sessions" not in page  # one session: nothing to compare
    done_session(runner, tmp_path / "b", label="after")
    page = client_for(runner).get(reverse("gait:list")).content.decode()
    assert "Compare two sessions" in page
    assert "(after)" in page


def test_a_clinician_needs_to_choose_a_runner(
    clinician: User, client_for: Callable[..., Any]
) -> None:
    response = client_for(clinician).get(reverse("gait:list"))
    assert response.status_code == 302
    assert client_for(clinician).get(reverse("gait:upload")).status_code == 404


def test_the_status_part_shows_the_jobs_progress(
    runner: User, clinician: User, client_for: Callable[..., Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backstride_web.gait.services import create_session
    from backstride_web.jobs.models import Job, JobStatus

    queued = create_session(runner, SimpleUploadedFile("run.mp4", b"x"), enqueue=False)
    Job.objects.filter(pk=queued.job_id).update(
        status=JobStatus.RUNNING, progress=42, message="Finding the runner: frame 84 of 200"
    )
    response = client_for(clinician).get(_url("status", queued), {"runner": runner.pk})
    body = response.content.decode()
    assert "HX-Refresh" not in response
    assert 'value="42"' in body
    assert "frame 84 of 200" in body
    assert f'hx-get="{_url("status", queued)}?runner={runner.pk}"' in body
    # A job whose worker died is failed by the reaper; its session follows.
    Job.objects.filter(pk=queued.job_id).update(
        status=JobStatus.FAILED, error="The worker stopped while running this job."
    )
    response = client_for(runner).get(_url("status", queued))
    assert response["HX-Refresh"] == "true"
    queued.refresh_from_db()
    assert queued.status == GaitStatus.FAILED
    assert queued.error == "The worker stopped while running this job."


def test_the_numbers_show_while_the_video_is_still_drawn(
    runner: User, client_for: Callable[..., Any], tmp_path: Any
) -> None:
    from backstride_web.jobs import services as jobs
    from backstride_web.jobs.models import Job, JobStatus
    from tests.web.gait.conftest import done_session

    session = done_session(runner, tmp_path / "a")  # measured, no overlay yet
    session.job = jobs.submit(runner, "gait_analysis", {"session_id": session.pk}, enqueue=False)
    session.save()
    Job.objects.filter(pk=session.job_id).update(status=JobStatus.RUNNING, progress=80)
    page = client_for(runner).get(_url("detail", session)).content.decode()
    assert 'data-metric="cadence"' in page
    assert 'data-status="drawing"' in page
    assert "<video" not in page
    polled = client_for(runner).get(_url("status", session))
    assert "HX-Refresh" not in polled
    assert 'data-status="drawing"' in polled.content.decode()
    # The job ended without a video (its worker died): the page stops waiting and says so.
    Job.objects.filter(pk=session.job_id).update(status=JobStatus.FAILED, error="stopped")
    assert client_for(runner).get(_url("status", session))["HX-Refresh"] == "true"
    page = client_for(runner).get(_url("detail", session)).content.decode()
    assert "No annotated video: the analysis stopped before it was drawn." in page
