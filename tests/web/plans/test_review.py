from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary.models import RunPain
from backstride_web.plans import services
from backstride_web.plans.models import PlanAdjustment, RunnerPlan

URL = reverse("plans:review")


def _runs(row: RunnerPlan) -> int:
    due, _week = services.review_window(row, timezone.localdate())
    return len(due)


def _week(row: RunnerPlan, during: int, morning: int = 0, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {}
    for i in range(_runs(row)):
        data |= {
            f"done_{i}": "on",
            f"pain_during_{i}": str(during),
            f"pain_next_morning_{i}": str(morning),
        }
    return data | extra


def test_low_pain_progresses_and_the_reason_is_in_the_history(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    runs = _runs(due_plan)
    assert runs >= 2
    response = client.post(URL, _week(due_plan, 2))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:overview")
    adjustment = PlanAdjustment.objects.get()
    assert adjustment.decision == "progress"
    assert "at or below 3/10" in adjustment.reasons[0]
    due_plan.refresh_from_db()
    assert due_plan.revision == 1
    assert due_plan.state["level"] == 1
    page = client.get(reverse("plans:overview")).content.decode()
    assert "History of adjustments" in page
    assert "at or below 3/10" in page
    # the review's "done" answers count for adherence; the unmarked strength days do not
    plan = services.stored_plan(due_plan)
    assert due_plan.past_sessions
    due = [e for e in due_plan.past_sessions if e["day"] < timezone.localdate().isoformat()]
    assert f"Adherence: {runs} of {len(due)} sessions due so far done" in page
    assert plan.sessions()[0].day > timezone.localdate()


def test_pain_above_five_steps_back(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    client_for(runner).post(URL, _week(due_plan, 6))
    adjustment = PlanAdjustment.objects.get()
    assert adjustment.decision == "step_back"
    assert "6/10" in adjustment.reasons[0]


def test_pain_four_to_five_holds(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    client_for(runner).post(URL, _week(due_plan, 4))
    assert PlanAdjustment.objects.get().decision == "hold"


def test_new_leg_symptoms_stop_and_send_to_the_safety_re_screen(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(URL, _week(due_plan, 1, new_symptoms=["leg"]))
    assert response["Location"] == reverse("assessments:weekly_screen")
    adjustment = PlanAdjustment.objects.get()
    assert (adjustment.decision, adjustment.rescreen, adjustment.see_clinician) == (
        "stop",
        True,
        True,
    )
    due_plan.refresh_from_db()
    assert due_plan.revision == 0


def test_bad_input_is_a_field_error_and_nothing_is_saved(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    for data, field in [
        (_week(due_plan, 11), "pain_during_0"),
        ({"done_0": "on"}, "pain_during_0"),
        ({"pain_during_0": "3"}, "done_0"),
        ({"new_symptoms": ["headache"]}, "new_symptoms"),
    ]:
        response = client.post(URL, data)
        assert response.status_code == 200
        assert field in response.context["form"].errors
    assert not PlanAdjustment.objects.exists()
    due_plan.refresh_from_db()
    assert due_plan.revision == 0


def test_runs_logged_in_the_diary_are_filled_in(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    due, _week = services.review_window(due_plan, timezone.localdate())
    day = due[0].day
    activity = Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=datetime.combine(day, time(7), tzinfo=UTC),
        elapsed_s=1500,
        distance_m=3000,
        source_name="entered by hand",
        source_format="manual",
        source_sha256="manual:review",
    )
    RunPain.objects.create(activity=activity, onset_s=600, peak=3, next_morning=1)
    form = client_for(runner).get(URL).context["form"]
    assert form.initial == {"done_0": True, "pain_during_0": "3", "pain_next_morning_0": "1"}


def test_right_after_a_rebuild_there_is_nothing_to_review_but_symptoms_still_count(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    response = client.post(URL, {})
    assert response.status_code == 200
    assert "No runs are due yet" in response.content.decode()
    assert not PlanAdjustment.objects.exists()
    response = client.post(URL, {"new_symptoms": ["saddle"]})
    assert response["Location"] == reverse("assessments:weekly_screen")
    assert PlanAdjustment.objects.get().decision == "stop"


def test_without_a_plan_it_is_404_and_others_cannot_review(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(runner).get(URL).status_code == 404
    assert client_for(clinician).get(URL)["Location"] == reverse("pages:home")  # choose a runner
    assert client_for(stranger).post(URL, {}).status_code == 404


def test_rising_morning_pain_steps_back_and_prompts_a_clinician(
    runner: User, due_plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    PlanAdjustment.objects.create(
        plan=due_plan,
        week_start=due_plan.built_on,
        week_end=due_plan.built_on,
        revision_before=0,
        decision="progress",
        morning_mean=1.0,
    )
    response = client_for(runner).post(URL, _week(due_plan, 2, morning=3), follow=True)
    adjustment = PlanAdjustment.objects.filter(decision="step_back").get()
    assert adjustment.see_clinician
    assert "rising week on week" in response.content.decode()
