"""Plan pages. Every view wears the red-flag gate (:func:`requires_plan_clearance`).

While running is paused (red-flag tier URGENT: see a doctor within 24-48 h, walking allowed;
KNOWLEDGE.md §1, ``knowledge/redflags.toml``) the plan page, its session pages and the
.ics/FIT downloads stay open but show walks only (:func:`backstride.plan.walking.walking_only`);
everything else (goal, review, marking, routines, exercises) stays locked. EMERGENCY locks
them all. Once the runner confirms a clinician has cleared them, the stored plan returns.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any, Literal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backstride.assess import redflags
from backstride.assess.redflags import Allowed
from backstride.errors import InputError
from backstride.plan import exercises, routines, walking
from backstride.plan.export_fit import plan_to_fit, session_to_fit
from backstride.plan.export_ics import plan_to_ics
from backstride.plan.model import LEVELS, RACES, Goal, Plan, Session
from backstride.plan.reveal import ARM_KINDS, apply_arm
from backstride.plan.rules import PAIN_RULE, SOURCES
from backstride_web.accounts.access import current_user, visible_runner_or_404
from backstride_web.accounts.models import User
from backstride_web.assessments.safety import (
    plan_access,
    requires_plan_clearance,
    screens_waiting_for_clearance,
)
from backstride_web.plans import adherence, arms, services
from backstride_web.plans.forms import GoalForm, MarkForm, ReviewForm
from backstride_web.plans.models import RunnerPlan

CATEGORY_TITLES = {
    "desk_break": "Desk micro-breaks",
    "warm_up": "Warm-up drills",
    "strength": "Strength",
    "post_run": "After running (optional stretches)",
}
FIT_KINDS = ("run_walk", "run", "walk")
WALKING: tuple[Literal["walking"]] = ("walking",)
"""The gate of the pages that stay open, as walks only, while running is paused."""


def _paused(runner: User) -> Allowed | None:
    """The gate's answer when running is paused but walking allowed (URGENT), else None."""
    access = plan_access(runner, now=timezone.now())
    return access if access.walking and not access.running else None


def _walks(runner: User, row: RunnerPlan | None) -> Plan:
    base = services.stored_plan(row) if row is not None else None
    return walking.walking_only(base, start=timezone.localdate())


def _reasons(runner: User) -> list[dict[str, Any]]:
    """The positive answers of the screens waiting for a clinician's clearance, once each."""
    seen: dict[str, dict[str, Any]] = {}
    for screen in screens_waiting_for_clearance(runner, now=timezone.now()):
        for positive in screen.positives:
            seen.setdefault(str(positive.get("id")), positive)
    return list(seen.values())


def _walking_page(
    request: HttpRequest, runner: User, access: Allowed, *, read_only: bool
) -> HttpResponse:
    row = services.current_plan(runner)
    walks = _walks(runner, row)
    today = timezone.localdate()
    waiting = screens_waiting_for_clearance(runner, now=timezone.now())
    return render(
        request,
        "plans/walking.html",
        {
            "runner": runner,
            "read_only": read_only,
            "row": row,
            "race": RACES.get(row.race) if row is not None else None,
            "walks": walks,
            "today_walks": [s for s in walks.sessions() if s.day == today],
            "pause_note": walking.PAUSE_NOTE,
            "info": redflags.tier_info(access.tier),
            "reasons": _reasons(runner),
            "waiting": waiting[0] if waiting else None,
        },
    )


def _viewed_runner(request: HttpRequest, runner_id: int | None = None) -> User:
    """The runner whose plan is shown (the gate has already checked access)."""
    viewer = current_user(request)
    return viewer if runner_id is None else visible_runner_or_404(viewer, runner_id)


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Http404("No such day") from None


def _plan_or_404(runner: User) -> tuple[RunnerPlan, Plan]:
    row = services.current_plan(runner)
    if row is None:
        raise Http404("No plan yet")
    return row, services.stored_plan(row)


def _goal_form(runner: User, today: datetime.date, data: Any = None) -> GoalForm:
    """The goal form, starting from the current plan's goal, else the profile's."""
    profile = getattr(runner, "runner_profile", None)
    row = services.current_plan(runner)
    initial: dict[str, Any] = {}
    if row is not None:
        initial = {"race": row.race, "race_day": row.race_day}
    elif profile is not None:
        if profile.goal_race in RACES:
            initial["race"] = profile.goal_race
        if profile.goal_date:
            initial["race_day"] = profile.goal_date
    return GoalForm(data, initial=initial, today=today)


def _overview(request: HttpRequest, runner: User, *, read_only: bool) -> HttpResponse:
    today = timezone.localdate()
    row = services.current_plan(runner)
    context: dict[str, Any] = {
        "runner": runner,
        "read_only": read_only,
        "today": today,
        "row": row,
        "pain_rule": PAIN_RULE,
        "rule_sources": SOURCES,
    }
    if row is None:
        if not read_only:
            context["form"] = _goal_form(runner, today)
        return render(request, "plans/overview.html", context)
    plan = services.stored_plan(row)
    upcoming = [s for s in plan.sessions() if s.day >= today]
    days = adherence.statuses(row, plan, today=today)
    by_day = {d.day: d for d in days}
    shown = arms.revealed_arms(runner, now=timezone.now())
    context |= {
        "plan": plan,
        "today_arm": shown.get(today),
        "race": RACES.get(row.race),
        "weeks": [
            {
                "week": w,
                "level": LEVELS[w.level].describe(),
                "open": w.start <= today + datetime.timedelta(days=7),
                "sessions": [
                    {
                        "session": s,
                        "state": by_day.get(s.day),
                        "arm": shown.get(s.day) if s.kind in ARM_KINDS else None,
                    }
                    for s in w.sessions
                ],
            }
            for w in plan.weeks
        ],
        "today_sessions": [
            {"session": s, "state": by_day.get(s.day)} for s in upcoming if s.day == today
        ],
        "next_session": next((s for s in upcoming if s.day > today), None),
        "adjustments": row.adjustments.all()[:20],
        "adherence": adherence.summary(days, today=today),
        "earlier_days": [d for d in days if d.day <= row.built_on],
        "fit_kinds": FIT_KINDS,
    }
    return render(request, "plans/overview.html", context)


@requires_plan_clearance(needs=WALKING)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The runner's plan: what to do today, the weeks to race day, the history (walks only
    while running is paused)."""
    runner = _viewed_runner(request)
    paused = _paused(runner)
    if paused is not None:
        return _walking_page(request, runner, paused, read_only=False)
    return _overview(request, runner, read_only=False)


@requires_plan_clearance(needs=WALKING)
@require_GET
def runner_overview(request: HttpRequest, runner_id: int) -> HttpResponse:
    """A runner's plan as their clinician sees it: read-only."""
    runner = _viewed_runner(request, runner_id)
    read_only = runner != current_user(request)
    paused = _paused(runner)
    if paused is not None:
        return _walking_page(request, runner, paused, read_only=read_only)
    return _overview(request, runner, read_only=read_only)


@requires_plan_clearance
@require_http_methods(["GET", "POST"])
def goal(request: HttpRequest) -> HttpResponse:
    """Set the goal race; an unrealistic goal is refused with the earliest realistic date."""
    runner = _viewed_runner(request)
    today = timezone.localdate()
    form = _goal_form(runner, today, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chosen = Goal(form.cleaned_data["race"], form.cleaned_data["race_day"])
        try:
            services.create_plan(runner, chosen, today=today, now=timezone.now())
        except InputError as error:
            form.add_error("race_day", error.message)
        else:
            messages.success(request, "Your plan is ready.")
            return redirect("plans:overview")
    return render(request, "plans/goal.html", {"form": form, "runner": runner})


@requires_plan_clearance(needs=WALKING)
@require_GET
def session(request: HttpRequest, day: str) -> HttpResponse:
    """One planned day: the session, its warm-up routine and (for runs) the post-run option;
    the day's walk while running is paused."""
    runner = _viewed_runner(request)
    when = _day(day)
    paused = _paused(runner)
    if paused is not None:
        found = _walk_on(runner, when)
        return render(
            request,
            "plans/walk_session.html",
            {
                "day": when,
                "session": found,
                "pause_note": walking.PAUSE_NOTE,
                "info": redflags.tier_info(paused.tier),
            },
        )
    return _session_page(request, runner, when)


def _walk_on(runner: User, when: datetime.date) -> Session:
    found = next(
        (s for s in _walks(runner, services.current_plan(runner)).sessions() if s.day == when),
        None,
    )
    if found is None:
        raise Http404("No walk planned that day")
    return found


def _session_page(
    request: HttpRequest,
    runner: User,
    when: datetime.date,
    *,
    form: MarkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    row, plan = _plan_or_404(runner)
    sessions = [s for s in plan.sessions() if s.day == when]
    if not sessions:
        raise Http404("Nothing planned that day")
    now = timezone.now()
    allowed = plan_access(runner, now=now)
    arm = arms.arm_for(runner, when, now=now)
    items = []
    for s in sessions:
        warm = post = strength = None
        text = s.description  # the arm gets its own card, above it
        with_arm = arm is not None and s.kind in ARM_KINDS
        if with_arm and arm is not None:
            s = apply_arm(s, arm)
        if s.is_run or s.kind == "walk":
            if not (with_arm and s.warmup_min == 0):  # the no-warm-up arm has none
                minutes = max(8, min(20, round(s.warmup_min) or 12))
                warm = routines.warm_up(allowed, minutes=minutes)
            post = routines.post_run(allowed)
        if s.kind == "strength":
            strength = routines.strength(allowed, week=s.week + 1)
        items.append(
            {
                "session": s,
                "text": text,
                "arm": arm if with_arm else None,
                "warm_up": warm,
                "post_run": post,
                "strength": strength,
                "fit": s.kind in FIT_KINDS,
            }
        )
    today = timezone.localdate()
    state = next((d for d in adherence.statuses(row, plan, today=today) if d.day == when), None)
    return render(
        request,
        "plans/session.html",
        {
            "day": when,
            "items": items,
            "day_arm": arm,
            "has_arm_session": any(item["arm"] for item in items),
            "plan": plan,
            "row": row,
            "state": state,
            "markable": when <= today,
            "mark_form": form,
            "pain_rule": PAIN_RULE,
            "rule_sources": SOURCES,
        },
        status=status,
    )


@requires_plan_clearance
@require_POST
def mark_session(request: HttpRequest, day: str) -> HttpResponse:
    """Mark the day's session done or skipped (or clear the mark): the runner only.

    A bad post (unknown status, a day with nothing planned, a day still to come) answers
    400 with the session page and its error, and stores nothing.
    """
    runner = _viewed_runner(request)
    when = _day(day)
    row, _plan = _plan_or_404(runner)
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            adherence.mark(
                row,
                when,
                form.cleaned_data["status"],
                today=timezone.localdate(),
                now=timezone.now(),
            )
        except InputError as error:
            form.add_error("status" if error.source == "status" else None, error.message)
    if not form.is_valid():
        if not any(s.day == when for s in adherence.planned_days(row, services.stored_plan(row))):
            raise Http404("Nothing planned that day")
        return _session_page(request, runner, when, form=form, status=400)
    done = {"done": "done", "skipped": "skipped", "open": "not marked"}
    messages.success(request, f"{when:%a %d %b}: {done[form.cleaned_data['status']]}.")
    if form.cleaned_data.get("back") == "session":
        return redirect("plans:session", day=when.isoformat())
    return redirect("plans:overview")


@requires_plan_clearance
@require_GET
def routine_list(request: HttpRequest) -> HttpResponse:
    """Desk micro-breaks, the pre-run warm-up, post-run stretches and strength."""
    runner = _viewed_runner(request)
    allowed = plan_access(runner, now=timezone.now())
    week = 1
    row = services.current_plan(runner)
    if row is not None:
        first = services.stored_plan(row).weeks
        week = first[0].index + 1 if first else 1
    found = [
        routines.desk_break(allowed),
        routines.warm_up(allowed),
        routines.strength(allowed, week=week),
        routines.post_run(allowed),
    ]
    return render(request, "plans/routines.html", {"routines": found})


@requires_plan_clearance
@require_GET
def exercise_list(request: HttpRequest) -> HttpResponse:
    _viewed_runner(request)
    groups = [(CATEGORY_TITLES[c], exercises.by_category(c)) for c in exercises.CATEGORIES]
    return render(request, "plans/exercises.html", {"groups": groups})


@requires_plan_clearance
@require_GET
def exercise_detail(request: HttpRequest, exercise_id: str) -> HttpResponse:
    _viewed_runner(request)
    try:
        exercise = exercises.get(exercise_id)
    except InputError:
        raise Http404("No such exercise") from None
    return render(
        request,
        "plans/exercise.html",
        {
            "exercise": exercise,
            "categories": [CATEGORY_TITLES[c] for c in exercise.categories],
            "contributors": [c.replace("_", " ") for c in exercise.contributors],
        },
    )


@requires_plan_clearance
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    """The weekly review: the pain rule decides progress, hold, step back or stop."""
    runner = _viewed_runner(request)
    row, _plan = _plan_or_404(runner)
    today = timezone.localdate()
    sessions, _week = services.review_window(row, today)
    if request.method == "POST":
        form = ReviewForm(request.POST, sessions=sessions)
        if form.is_valid():
            saved = services.review(
                row, form.outcomes(today=today), today=today, now=timezone.now()
            )
            if saved.rescreen:
                messages.warning(
                    request,
                    "New symptoms: running stops here. Please redo the safety check now.",
                )
                return redirect("assessments:weekly_screen")
            messages.success(request, f"Week reviewed: {saved.get_decision_display().lower()}.")
            if saved.see_clinician:
                messages.warning(
                    request,
                    "Your morning pain is rising week on week: please book a physiotherapist or "
                    "doctor to check it.",
                )
            return redirect("plans:overview")
    else:
        form = ReviewForm(initial=_review_initial(runner, sessions), sessions=sessions)
    return render(
        request,
        "plans/review.html",
        {
            "form": form,
            "sessions": sessions,
            "row": row,
            "pain_rule": PAIN_RULE,
            "rule_sources": SOURCES,
        },
    )


def _review_initial(runner: User, sessions: list[Session]) -> dict[str, Any]:
    """Pre-fill from adherence and the diary: a session marked done, or a run imported or
    logged that day, counts as done; the diary gives its pain."""
    initial: dict[str, Any] = {}
    logged = services.diary_outcomes(runner, [s.day for s in sessions])
    row = services.current_plan(runner)
    done_days: set[datetime.date] = set()
    if row is not None and sessions:
        states = adherence.statuses(row, services.stored_plan(row), today=sessions[-1].day)
        done_days = {d.day for d in states if d.status == "done"}
    for i, s in enumerate(sessions):
        if s.day in done_days:  # marked done, or an imported run that day
            initial[f"done_{i}"] = True
        pain = logged.get(s.day)
        if pain is not None:
            initial[f"done_{i}"] = True
            initial[f"pain_during_{i}"] = str(pain.peak if pain.peak is not None else 0)
            if pain.next_morning is not None:
                initial[f"pain_next_morning_{i}"] = str(pain.next_morning)
    return initial


def _attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires_plan_clearance(needs=WALKING)
@require_GET
def download_ics(request: HttpRequest) -> HttpResponse:
    """The plan as a calendar file, with hourly desk breaks for runners who sit at work
    (walks only, no desk-break exercises, while running is paused)."""
    runner = _viewed_runner(request)
    now = timezone.now()
    if _paused(runner) is not None:
        row = services.current_plan(runner)
        content = plan_to_ics(
            _walks(runner, row),
            plan_id=f"plan{row.pk}" if row is not None else f"walks{runner.pk}",
            now=now,
            tz=timezone.get_current_timezone_name(),
            revision=row.revision + 1 if row is not None else 0,
        )
        return _attachment(content, "backstride-walks.ics", "text/calendar; charset=utf-8")
    row, plan = _plan_or_404(runner)
    content = plan_to_ics(
        plan,
        plan_id=f"plan{row.pk}",
        now=now,
        tz=timezone.get_current_timezone_name(),
        desk_break=services.desk_break_routine(runner, now=now),
        revision=row.revision,
        arms=arms.revealed_arms(runner, now=now),
        today=timezone.localdate(now),
    )
    return _attachment(content, "backstride-plan.ics", "text/calendar; charset=utf-8")


@requires_plan_clearance(needs=WALKING)
@require_GET
def download_fit_zip(request: HttpRequest) -> HttpResponse:
    """Every run/walk session as a FIT workout file, in one zip (walks while paused)."""
    runner = _viewed_runner(request)
    now = timezone.now()
    if _paused(runner) is not None:
        files = plan_to_fit(_walks(runner, services.current_plan(runner)), time_created=now)
    else:
        row, plan = _plan_or_404(runner)
        files = plan_to_fit(
            plan,
            time_created=row.updated_at,
            arms=arms.revealed_arms(runner, now=now),
            today=timezone.localdate(now),
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return _attachment(buffer.getvalue(), "backstride-workouts.zip", "application/zip")


@requires_plan_clearance(needs=WALKING)
@require_GET
def download_fit(request: HttpRequest, day: str) -> HttpResponse:
    """One session as a FIT workout file (the day's walk while running is paused)."""
    runner = _viewed_runner(request)
    when = _day(day)
    if _paused(runner) is not None:
        walk = _walk_on(runner, when)
        content = session_to_fit(walk, time_created=timezone.now())
        return _attachment(content, f"{when.isoformat()}-walk.fit", "application/vnd.ant.fit")
    row, plan = _plan_or_404(runner)
    found = next((s for s in plan.sessions() if s.day == when and s.kind in FIT_KINDS), None)
    if found is None:
        raise Http404("No run or walk planned that day")
    now = timezone.now()
    arm = arms.arm_for(runner, when, now=now) if found.kind in ARM_KINDS else None
    content = session_to_fit(
        found, time_created=row.updated_at, arm=arm, today=timezone.localdate(now)
    )
    return _attachment(content, f"{when.isoformat()}-{found.kind}.fit", "application/vnd.ant.fit")
