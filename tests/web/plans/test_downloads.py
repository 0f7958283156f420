from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import icalendar
from django.test import Client
from django.urls import reverse
from garmin_fit_sdk import Decoder, Stream

from backstride_web.accounts.models import User
from backstride_web.plans import services
from backstride_web.plans.models import RunnerPlan
from tests.web.plans.conftest import first_run_day


def _decode(content: bytes) -> dict[str, list[dict[str, object]]]:
    assert Decoder(Stream.from_byte_array(bytearray(content))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(content))).read()
    assert errors == []
    return messages  # type: ignore[no-any-return]


def test_the_ics_parses_back_with_every_session_and_the_pain_rule(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(reverse("plans:ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(services.stored_plan(plan).sessions())
    assert all(str(e["UID"]).startswith(f"plan{plan.pk}-") for e in events)
    assert "Pain rule" in str(events[0]["DESCRIPTION"])


def test_a_desk_worker_gets_the_hourly_break_recurrence(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    profile = runner.runner_profile
    profile.work_pattern = "desk"
    profile.save()
    content = client_for(runner).get(reverse("plans:ics")).content
    calendar = icalendar.Calendar.from_ical(content)
    rules = [e["RRULE"] for e in calendar.walk("VEVENT") if "RRULE" in e]
    assert len(rules) == 1
    assert rules[0]["FREQ"] == ["HOURLY"]


def test_the_zip_holds_one_decodable_workout_per_run(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(reverse("plans:fit_zip"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    runs = [s for s in services.stored_plan(plan).sessions() if s.kind in ("run_walk", "run")]
    assert len(archive.namelist()) == len(runs)
    first = sorted(archive.namelist())[0]
    messages = _decode(archive.read(first))
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    assert messages["workout_mesgs"][0]["sport"] == "running"


def test_one_session_decodes_with_its_repeats(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    day = first_run_day(plan)
    session = next(s for s in services.stored_plan(plan).sessions() if s.day == day)
    response = client_for(runner).get(reverse("plans:fit", kwargs={"day": day.isoformat()}))
    assert response.status_code == 200
    messages = _decode(response.content)
    steps = messages["workout_step_mesgs"]
    repeat = [s for s in steps if s.get("duration_type") == "repeat_until_steps_cmplt"]
    assert len(repeat) == 1
    assert repeat[0]["target_value"] == session.repeats
    run = next(s for s in steps if s.get("intensity") == "active")
    assert run["duration_time"] == session.run_s
    assert messages["workout_mesgs"][0]["wkt_name"].startswith(f"{session.repeats}x")


def test_no_plan_or_no_run_that_day_is_404(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client], stranger: User
) -> None:
    strength = next(s.day for s in services.stored_plan(plan).sessions() if s.kind == "strength")
    client = client_for(runner)
    assert client.get(reverse("plans:fit", kwargs={"day": strength.isoformat()})).status_code == 404
    other = client_for(stranger)
    for url in (reverse("plans:ics"), reverse("plans:fit_zip")):
        assert other.get(url).status_code == 404
