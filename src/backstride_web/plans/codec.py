"""The core's :class:`Plan` and :class:`RunnerState` to and from JSON for the database.

Dates are ISO strings; every other field is a plain number, string or list, so a stored
plan reads back equal to the one the core built.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from typing import Any

from backstride.plan.model import Goal, PastRun, Plan, RunnerState, Session, Week

_SESSION_FIELDS = tuple(f.name for f in fields(Session))


def _session_json(session: Session) -> dict[str, Any]:
    data = asdict(session)
    data["day"] = session.day.isoformat()
    return data


def _session(data: dict[str, Any]) -> Session:
    values = {name: data[name] for name in _SESSION_FIELDS if name in data}
    values["day"] = date.fromisoformat(data["day"])
    return Session(**values)


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "goal": None
        if plan.goal is None
        else {"race": plan.goal.race, "race_day": plan.goal.race_day.isoformat()},
        "created_on": plan.created_on.isoformat(),
        "target_long_min": plan.target_long_min,
        "walking_only": plan.walking_only,
        "pain_rule": plan.pain_rule,
        "notes": list(plan.notes),
        "sources": list(plan.sources),
        "weeks": [
            {
                "index": w.index,
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "phase": w.phase,
                "level": w.level,
                "step": w.step,
                "planned_long_min": w.planned_long_min,
                "sessions": [_session_json(s) for s in w.sessions],
            }
            for w in plan.weeks
        ],
    }


def plan_from_json(data: dict[str, Any]) -> Plan:
    goal = data.get("goal")
    return Plan(
        goal=None
        if goal is None
        else Goal(race=goal["race"], race_day=date.fromisoformat(goal["race_day"])),
        created_on=date.fromisoformat(data["created_on"]),
        weeks=tuple(
            Week(
                index=w["index"],
                start=date.fromisoformat(w["start"]),
                end=date.fromisoformat(w["end"]),
                phase=w["phase"],
                level=w["level"],
                sessions=tuple(_session(s) for s in w["sessions"]),
                step=w.get("step", ""),
                planned_long_min=w.get("planned_long_min", 0.0),
            )
            for w in data["weeks"]
        ),
        target_long_min=data["target_long_min"],
        walking_only=data.get("walking_only", False),
        pain_rule=data["pain_rule"],
        notes=tuple(data.get("notes", ())),
        sources=tuple(data.get("sources", ())),
    )


def state_json(state: RunnerState) -> dict[str, Any]:
    return {
        "recent": [[r.day.isoformat(), r.duration_min] for r in state.recent],
        "pain_free_run_min": state.pain_free_run_min,
        "easy_pace_s_per_km": state.easy_pace_s_per_km,
        "level": state.level,
        "first_week_cap_min": state.first_week_cap_min,
    }


def state_from_json(data: dict[str, Any]) -> RunnerState:
    return RunnerState(
        recent=tuple(PastRun(date.fromisoformat(d), float(m)) for d, m in data.get("recent", ())),
        pain_free_run_min=float(data.get("pain_free_run_min", 0.0)),
        easy_pace_s_per_km=float(data.get("easy_pace_s_per_km", 420.0)),
        level=data.get("level"),
        first_week_cap_min=data.get("first_week_cap_min"),
    )
