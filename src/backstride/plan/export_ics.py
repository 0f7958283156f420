"""Export a plan to an iCalendar file (RFC 5545) with the ``icalendar`` package.

* one VEVENT per planned session at ``start_time`` in the runner's time zone, with the
  session's instructions and the pain rule in DESCRIPTION;
* **stable UIDs** ``<plan_id>-<YYYY-MM-DD>-<slot>@backstride`` (slot: run, walk, strength,
  race), so importing a re-generated plan updates events instead of duplicating them;
  pass an increasing ``revision`` (SEQUENCE) when the plan changes;
* an optional recurring desk-break reminder: FREQ=HOURLY on weekdays within work hours
  until the last plan day (UNTIL in UTC, RFC 5545 §3.3.10), shown as free time;
* an optional VALARM (DISPLAY) ``alarm_min`` before each session;
* VTIMEZONE embedded via ``Calendar.add_missing_timezones()`` (covers 1970-2038);
* optional self-experiment arms (:mod:`backstride.plan.reveal`), **only for days up to
  ``today``**: that day's run gets the arm in its SUMMARY and DESCRIPTION (and the arm's
  warm-up); an arm on a day without a planned run becomes its own event
  (``<plan_id>-<date>-experiment@backstride``).

``now`` stamps DTSTAMP; nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event

from backstride.errors import InputError
from backstride.plan.model import Plan, Session
from backstride.plan.reveal import ARM_KINDS, ArmReveal, revealed, with_arms
from backstride.plan.routines import Routine

__all__ = ["PRODID", "plan_to_ics", "session_uid"]

PRODID: Final = "-//backstride//plan//EN"
_SLOTS: Final = {
    "run_walk": "run",
    "run": "run",
    "walk": "walk",
    "strength": "strength",
    "race": "race",
}
_WEEKDAYS: Final = ["MO", "TU", "WE", "TH", "FR"]


def session_uid(plan_id: str, session: Session) -> str:
    """The stable UID of ``session`` in the plan ``plan_id``."""
    return f"{plan_id}-{session.day.isoformat()}-{_SLOTS[session.kind]}@backstride"


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {tz!r}", source="tz") from None


def _session_event(
    session: Session,
    *,
    plan_id: str,
    zone: ZoneInfo,
    start_time: time,
    now: datetime,
    revision: int,
    alarm_min: int | None,
    arm: ArmReveal | None = None,
) -> Event:
    start = datetime.combine(session.day, start_time, tzinfo=zone)
    event = Event()
    event.add("uid", session_uid(plan_id, session))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=max(session.total_min, 10.0)))
    summary = f"{session.title} ({session.main_min:.0f} min)"
    if arm is not None:
        summary = f"{summary} — experiment: {arm.arm}"
    event.add("summary", summary)
    event.add("description", session.description)
    event.add("categories", ["backstride", session.kind, *(["experiment"] if arm else [])])
    event.add("sequence", revision)
    if alarm_min is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(minutes=-alarm_min))
        event.add_component(alarm)
    return event


def _experiment_event(
    day: date,
    reveal: ArmReveal,
    *,
    plan_id: str,
    zone: ZoneInfo,
    start_time: time,
    now: datetime,
    revision: int,
) -> Event:
    """An arm on a day without a planned run: a short event at the usual time."""
    start = datetime.combine(day, start_time, tzinfo=zone)
    event = Event()
    event.add("uid", f"{plan_id}-{day.isoformat()}-experiment@backstride")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=30))
    event.add("summary", reveal.headline)
    event.add("description", reveal.describe())
    event.add("categories", ["backstride", "experiment"])
    event.add("sequence", revision)
    return event


def _desk_event(
    routine: Routine,
    *,
    plan_id: str,
    zone: ZoneInfo,
    first: date,
    last: date,
    now: datetime,
    work_hours: tuple[int, int],
    revision: int,
) -> Event:
    day = first
    while day.weekday() >= 5:
        day += timedelta(days=1)
    begin, end = work_hours
    start = datetime.combine(day, time(begin, 55), tzinfo=zone)
    until = datetime.combine(last, time(23, 59), tzinfo=zone).astimezone(UTC)
    lines = [f"- {i.exercise.name}: {i.dose.describe()}" for i in routine.items]
    event = Event()
    event.add("uid", f"{plan_id}-desk-breaks@backstride")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=3))
    event.add("summary", "Desk break: stand up and move")
    event.add("description", "\n".join([*routine.notes[:1], *lines]))
    event.add(
        "rrule",
        {"freq": "hourly", "byday": _WEEKDAYS, "byhour": list(range(begin, end)), "until": until},
    )
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["backstride", "desk_break"])
    event.add("sequence", revision)
    return event


def plan_to_ics(
    plan: Plan,
    *,
    plan_id: str,
    now: datetime,
    tz: str = "UTC",
    start_time: time = time(7, 0),
    desk_break: Routine | None = None,
    work_hours: tuple[int, int] = (9, 17),
    alarm_min: int | None = 30,
    revision: int = 0,
    arms: Mapping[date, ArmReveal] | None = None,
    today: date | None = None,
) -> bytes:
    """The plan as an .ics file (bytes).

    ``plan_id`` must stay the same for the same plan across exports (e.g. the database id);
    ``desk_break`` (from :func:`backstride.plan.routines.desk_break`) adds the hourly
    reminder on weekdays between ``work_hours`` (start hour, end hour). ``arms`` maps days
    to self-experiment arms; only those of days up to ``today`` (required with ``arms``)
    are written, so a calendar never reveals a future allocation.
    """
    if now.tzinfo is None:
        raise InputError("now must be time-zone aware", source="now")
    if not plan_id or any(c.isspace() or c == "@" for c in plan_id):
        raise InputError("plan id must be non-empty, without spaces or '@'", source="plan_id")
    begin, end = work_hours
    if not 0 <= begin < end <= 24:
        raise InputError("work hours must be 0 <= start < end <= 24", source="work_hours")
    zone = _zone(tz)
    shown = revealed(arms, today=today)
    plan = with_arms(plan, shown, today=today)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "backstride plan")
    sessions = plan.sessions()
    for session in sessions:
        cal.add_component(
            _session_event(
                session,
                plan_id=plan_id,
                zone=zone,
                start_time=start_time,
                now=now,
                revision=revision,
                alarm_min=alarm_min,
                arm=shown.get(session.day) if session.kind in ARM_KINDS else None,
            )
        )
    run_days = {s.day for s in sessions if s.kind in ARM_KINDS}
    for day, reveal in sorted(shown.items()):
        if day not in run_days:
            cal.add_component(
                _experiment_event(
                    day,
                    reveal,
                    plan_id=plan_id,
                    zone=zone,
                    start_time=start_time,
                    now=now,
                    revision=revision,
                )
            )
    if desk_break is not None and sessions:
        cal.add_component(
            _desk_event(
                desk_break,
                plan_id=plan_id,
                zone=zone,
                first=sessions[0].day,
                last=sessions[-1].day,
                now=now,
                work_hours=work_hours,
                revision=revision,
            )
        )
    if tz != "UTC":
        cal.add_missing_timezones()
    return bytes(cal.to_ical())
