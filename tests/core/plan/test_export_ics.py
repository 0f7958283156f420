from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from backstride.assess.redflags import Allowed
from backstride.errors import InputError
from backstride.plan import routines
from backstride.plan.export_ics import plan_to_ics, session_uid
from backstride.plan.runwalk import Goal, Plan, RunnerState, build_plan

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.fixture
def plan(allowed: Allowed) -> Plan:
    return build_plan(
        Goal("5k", date(2027, 5, 2)), RunnerState(pain_free_run_min=5), today=TODAY, allowed=allowed
    )


def events(data: bytes) -> list[Calendar]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_one_event_per_session_with_the_pain_rule(plan: Plan) -> None:
    found = events(plan_to_ics(plan, plan_id="p1", now=NOW, tz="Europe/London"))
    assert len(found) == len(plan.sessions())
    runs = [e for e in found if "run" in str(e["SUMMARY"]).lower()]
    assert runs
    assert all("Pain rule" in str(e["DESCRIPTION"]) for e in runs)
    first = found[0]
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None
    assert start.time() == time(7, 0)
    assert start.date() == plan.sessions()[0].day
    assert first.decoded("DTEND") > start
    assert list(first.walk("VALARM"))


def test_uids_are_unique_and_stable_across_exports(plan: Plan) -> None:
    first = [str(e["UID"]) for e in events(plan_to_ics(plan, plan_id="p1", now=NOW))]
    later = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    again = [str(e["UID"]) for e in events(plan_to_ics(plan, plan_id="p1", now=later, revision=2))]
    assert first == again
    assert len(set(first)) == len(first)
    assert first[0] == session_uid("p1", plan.sessions()[0])
    assert first[0].endswith("@backstride")


def test_revision_goes_into_sequence(plan: Plan) -> None:
    found = events(plan_to_ics(plan, plan_id="p1", now=NOW, revision=3))
    assert all(int(e["SEQUENCE"]) == 3 for e in found)


def test_desk_breaks_recur_hourly_on_weekdays_until_the_race(plan: Plan, allowed: Allowed) -> None:
    data = plan_to_ics(
        plan, plan_id="p1", now=NOW, tz="Europe/London", desk_break=routines.desk_break(allowed)
    )
    cal = Calendar.from_ical(data)
    assert list(cal.walk("VTIMEZONE"))
    desk = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == "p1-desk-breaks@backstride")
    rule = desk["RRULE"]
    assert rule["FREQ"] == ["HOURLY"]
    assert rule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    assert rule["UNTIL"][0].tzinfo is not None
    assert str(desk["TRANSP"]) == "TRANSPARENT"
    assert "Knee to chest" in str(desk["DESCRIPTION"])
    start = desk.decoded("DTSTART")
    expanded = list(rrulestr(desk["RRULE"].to_ical().decode(), dtstart=start))
    first_day = [d for d in expanded if d.date() == start.date()]
    assert [d.strftime("%H:%M") for d in first_day] == [f"{h:02d}:55" for h in range(9, 17)]
    assert all(d.weekday() < 5 for d in expanded)
    assert expanded[-1].date() <= plan.sessions()[-1].day


def test_no_alarm_when_asked(plan: Plan) -> None:
    found = events(plan_to_ics(plan, plan_id="p1", now=NOW, alarm_min=None))
    assert not any(list(e.walk("VALARM")) for e in found)


@pytest.mark.parametrize(
    ("kwargs", "source"),
    [
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"now": datetime(2026, 11, 27, 8, 0)}, "now"),
        ({"plan_id": "a b"}, "plan_id"),
        ({"work_hours": (17, 9)}, "work_hours"),
    ],
)
def test_bad_arguments_are_input_errors(plan: Plan, kwargs: dict[str, object], source: str) -> None:
    args: dict[str, object] = {"plan_id": "p1", "now": NOW, **kwargs}
    with pytest.raises(InputError) as caught:
        plan_to_ics(plan, **args)  # type: ignore[arg-type]
    assert caught.value.source == source
