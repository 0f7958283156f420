"""POST /plan/sessions/<day>/mark/: the runner marks a session done or skipped."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.plans import adherence, services
from backstride_web.plans.models import RunnerPlan, SessionMark
from tests.web.plans.conftest import block


def _url(day: datetime.date | str) -> str:
    text = day if isinstance(day, str) else day.isoformat()
    return reverse("plans:mark", kwargs={"day": text})


def _due_days(row: RunnerPlan, today: datetime.date) -> list[datetime.date]:
    planned = adherence.planned_days(row, services.stored_plan(row))
    return [d.day for d in planned if d.day < today]


def test_the_runner_marks_a_session_done_from_the_overview(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    client = client_for(runner)
    day = _due_days(due_plan, today)[0]
    response = client.post(_url(day), {"status": "done", "back": "overview"})
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:overview")
    mark = SessionMark.objects.get()
    assert (mark.plan_id, mark.day, mark.status) == (due_plan.pk, day, "done")
    page = client.get(reverse("plans:overview")).content.decode()
    due = len(_due_days(due_plan, today))
    assert f"Adherence: 1 of {due} sessions due so far done" in page
    assert 'class="mark mark-done"' in page


def test_the_runner_marks_a_session_skipped_from_the_session_page_and_can_undo(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    client = client_for(runner)
    day = _due_days(due_plan, today)[-1]
    session_url = reverse("plans:session", kwargs={"day": day.isoformat()})
    page = client.get(session_url).content.decode()
    assert f'action="{_url(day)}"' in page
    assert "csrfmiddlewaretoken" in page
    response = client.post(_url(day), {"status": "skipped", "back": "session"})
    assert response["Location"] == session_url
    assert SessionMark.objects.get().status == "skipped"
    assert "Skipped</span>" in client.get(session_url).content.decode()
    client.post(_url(day), {"status": "open", "back": "session"})
    assert not SessionMark.objects.exists()


def test_the_post_needs_a_csrf_token(
    runner: User, due_plan: RunnerPlan, today: datetime.date
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    response = client.post(_url(_due_days(due_plan, today)[0]), {"status": "done"})
    assert response.status_code == 403
    assert not SessionMark.objects.exists()


@pytest.mark.parametrize(
    "data", [{"status": "maybe"}, {}, {"status": "done", "back": "https://evil.example"}]
)
def test_a_bad_post_answers_400_with_the_error_and_saves_nothing(
    runner: User,
    due_plan: RunnerPlan,
    client_for: Callable[[User], Client],
    today: datetime.date,
    data: dict[str, str],
) -> None:
    response = client_for(runner).post(_url(_due_days(due_plan, today)[0]), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not SessionMark.objects.exists()


def test_a_session_still_to_come_cannot_be_marked(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    planned = adherence.planned_days(due_plan, services.stored_plan(due_plan))
    day = next(d.day for d in planned if d.day > today)
    response = client_for(runner).post(_url(day), {"status": "done"})
    assert response.status_code == 400
    assert "from its day on" in response.content.decode()
    assert not SessionMark.objects.exists()


def test_a_day_with_nothing_planned_or_a_bad_day_is_404(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    client = client_for(runner)
    planned = {d.day for d in adherence.planned_days(due_plan, services.stored_plan(due_plan))}
    rest = next(
        today - datetime.timedelta(days=k)
        for k in range(1, 8)
        if today - datetime.timedelta(days=k) not in planned
    )
    assert client.post(_url(rest), {"status": "done"}).status_code == 404
    assert client.post(_url("2026-13-45"), {"status": "done"}).status_code == 404
    assert not SessionMark.objects.exists()


def test_get_is_not_allowed(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    assert client_for(runner).get(_url(_due_days(due_plan, today)[0])).status_code == 405


def test_a_clinician_sees_adherence_read_only_but_cannot_mark(
    runner: User,
    clinician: User,
    due_plan: RunnerPlan,
    client_for: Callable[[User], Client],
    today: datetime.date,
) -> None:
    day = _due_days(due_plan, today)[0]
    client_for(runner).post(_url(day), {"status": "done"})
    client = client_for(clinician)
    page = client.get(reverse("plans:runner_overview", kwargs={"runner_id": runner.pk}))
    text = page.content.decode()
    assert "Adherence: 1 of" in text
    assert 'class="mark mark-done"' in text
    assert 'method="post"' not in text.split("<main", 1)[1]
    response = client.post(_url(day), {"status": "skipped"})
    assert response["Location"] == reverse("pages:home")  # choose a runner; nothing marked
    assert SessionMark.objects.get().status == "done"


def test_a_stranger_gets_404_and_marks_nothing(
    stranger: User, due_plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    response = client_for(stranger).post(_url(_due_days(due_plan, today)[0]), {"status": "done"})
    assert response.status_code == 404
    assert not SessionMark.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(
    due_plan: RunnerPlan, client: Client, today: datetime.date
) -> None:
    response = client.post(_url(_due_days(due_plan, today)[0]), {"status": "done"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not SessionMark.objects.exists()


def test_a_red_flag_block_closes_marking_too(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    block(runner)
    response = client_for(runner).post(_url(_due_days(due_plan, today)[0]), {"status": "done"})
    assert response.status_code == 403
    assert not SessionMark.objects.exists()


def test_the_weekly_review_starts_from_the_marks_and_imported_runs(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    from django.utils import timezone

    from backstride_web.activities.models import Activity

    runs, _week = services.review_window(due_plan, timezone.localdate())
    client = client_for(runner)
    client.post(_url(runs[0].day), {"status": "done"})
    client.post(_url(runs[1].day), {"status": "skipped"})
    imported = runs[2] if len(runs) > 2 else runs[0]  # a third run day in most weeks
    Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=timezone.make_aware(datetime.datetime.combine(imported.day, datetime.time(12))),
        elapsed_s=1500,
        moving_s=1500,
        source_name="hand",
        source_format="manual",
        source_sha256="manual:review",
    )
    form = client.get(reverse("plans:review")).context["form"]
    assert form.initial.get("done_0") is True
    assert "done_1" not in form.initial
    assert form.initial.get(f"done_{runs.index(imported)}") is True
