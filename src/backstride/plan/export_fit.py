"""Export run/walk, run and walk sessions as FIT **workout** files for the watch.

Layout (Garmin FIT "Workout" file type; ../shared/RUNFILES.md §4): ``file_id`` (type 5
workout, manufacturer development, a serial derived from the session so each file is
unique), one ``workout`` (sport, ``num_valid_steps``, ``wkt_name``) and the
``workout_step`` messages:

* warm-up walk, ``duration_type=time`` (``duration_value`` in ms), intensity ``warmup``;
* run (intensity ``active``) and walk (intensity ``recovery``), then a repeat step
  (``duration_type=repeat_until_steps_cmplt``, ``duration_value`` = index of the run step,
  ``target_value`` = repeat count) when there is more than one cycle;
* a walk for any remainder, then the cool-down walk (intensity ``cooldown``).

On a day with a self-experiment arm (:mod:`backstride.plan.reveal`; only days up to
``today``, never a later one) the warm-up step follows the arm (its length, or no warm-up
step at all), the workout name starts with the arm's label, the workout description
(``wkt_description``) carries ``Experiment: <title> — today: <arm>`` and the arm's
instructions, and each step is named (``wkt_step_name``).

Every message, the workout name (a string field) included, goes through the vectorised
:class:`~backstride.fit_write.FitWriter`. Untested on watch hardware; the test
suite decodes every file with the official ``garmin-fit-sdk``.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

import numpy as np

from backstride.errors import InputError
from backstride.fit_write import (
    ENUM,
    STRING,
    UINT16,
    UINT32,
    UINT32Z,
    Field,
    FitWriter,
    fit_time,
)
from backstride.plan.model import Plan, Session
from backstride.plan.reveal import ARM_KINDS, ArmReveal, apply_arm, revealed

__all__ = ["MESG_WORKOUT", "MESG_WORKOUT_STEP", "plan_to_fit", "session_to_fit"]

MESG_WORKOUT: Final = 26
MESG_WORKOUT_STEP: Final = 27
FILE_TYPE_WORKOUT: Final = 5
_NAME_BYTES: Final = 24
_STEP_NAME_BYTES: Final = 32
_DESCRIPTION_BYTES: Final = 200
_SPORT_RUNNING, _SPORT_WALKING = 1, 11
_TIME, _REPEAT = 0, 6
_OPEN = 2
_ACTIVE, _WARMUP, _COOLDOWN, _RECOVERY = 0, 2, 3, 4
_NONE: Final = float("nan")


def _steps(session: Session) -> list[tuple[float, float, float, float, float]]:
    """Rows of (duration_type, duration_value, target_type, target_value, intensity)."""
    ms = 60_000.0
    rows: list[tuple[float, float, float, float, float]] = []
    if session.warmup_min:
        rows.append((_TIME, session.warmup_min * ms, _OPEN, 0.0, _WARMUP))
    if session.kind == "run_walk":
        first = len(rows)
        rows.append((_TIME, session.run_s * 1000.0, _OPEN, 0.0, _ACTIVE))
        rows.append((_TIME, session.walk_s * 1000.0, _OPEN, 0.0, _RECOVERY))
        if session.repeats > 1:
            rows.append((_REPEAT, float(first), _NONE, float(session.repeats), _NONE))
        if session.tail_walk_s:
            rows.append((_TIME, session.tail_walk_s * 1000.0, _OPEN, 0.0, _RECOVERY))
    else:
        rows.append((_TIME, session.main_min * ms, _OPEN, 0.0, _ACTIVE))
    if session.cooldown_min:
        rows.append((_TIME, session.cooldown_min * ms, _OPEN, 0.0, _COOLDOWN))
    return rows


def _name(session: Session) -> str:
    if session.kind == "run_walk":
        run, walk = divmod(session.run_s, 60), divmod(session.walk_s, 60)
        return f"{session.repeats}x{run[0]}:{run[1]:02d}/{walk[0]}:{walk[1]:02d}"
    what = "Walk" if session.kind == "walk" else "Run"
    return f"{what} {session.main_min:.0f} min"


_STEP_NAMES: Final = {
    _WARMUP: "Warm-up",
    _ACTIVE: "Run",
    _RECOVERY: "Walk",
    _COOLDOWN: "Cool-down",
}


def _step_names(rows: list[tuple[float, float, float, float, float]], arm: ArmReveal) -> list[str]:
    names = []
    for duration_type, value, _target, _tv, intensity in rows:
        if duration_type == _REPEAT:
            names.append("Repeat")
        elif intensity == _WARMUP:
            names.append(f"Warm-up {value / 60_000:g} min ({arm.arm})")
        else:
            names.append(_STEP_NAMES[int(intensity)])
    return names


def _workout_name(session: Session, arm: ArmReveal | None) -> str:
    """The session's name; with an arm, ``<arm label>: <name>``, or ``Arm <key>: <name>``
    when the label does not fit the watch's 23 bytes."""
    name = _name(session)
    if arm is None:
        return name
    full = f"{arm.arm}: {name}"
    if len(full.encode()) < _NAME_BYTES or not arm.key:
        return full
    return f"Arm {arm.key}: {name}"


def session_to_fit(
    session: Session,
    *,
    time_created: datetime,
    serial: int | None = None,
    arm: ArmReveal | None = None,
    today: date | None = None,
) -> bytes:
    """One session as a FIT workout file (bytes).

    Raises :class:`InputError` for sessions that are not run/walk, run or walk.
    ``serial`` defaults to a checksum of the day and kind, so the same session keeps the
    same file identity across exports. ``arm`` (with ``today``) applies that day's
    self-experiment arm; an arm for a day after ``today`` is refused (never revealed early).
    """
    if session.kind not in ("run_walk", "run", "walk"):
        raise InputError(f"a {session.kind} session has no watch workout", source="session")
    if arm is not None:
        if not revealed({session.day: arm}, today=today):
            raise InputError(
                f"the experiment arm of {session.day} is revealed on that day, not before",
                source="arm",
            )
        session = apply_arm(session, arm)
    rows = _steps(session)
    columns = np.array(rows, dtype=np.float64).T
    ident = (
        serial if serial is not None else zlib.crc32(f"{session.day}{session.kind}".encode()) or 1
    )
    writer = FitWriter()
    writer.add(
        0,
        {
            Field(0, ENUM): [FILE_TYPE_WORKOUT],
            Field(1, UINT16): [255],
            Field(2, UINT16): [0],
            Field(3, UINT32Z): [ident],
            Field(4, UINT32): [fit_time(time_created)],
        },
    )
    sport = _SPORT_WALKING if session.kind == "walk" else _SPORT_RUNNING
    workout: dict[Field, Any] = {
        Field(4, ENUM): [sport],
        Field(6, UINT16): [len(rows)],
        Field(8, STRING, size=_NAME_BYTES): [_workout_name(session, arm)],
    }
    steps: dict[Field, Any] = {
        Field(254, UINT16): np.arange(len(rows)),
        Field(1, ENUM): columns[0],
        Field(2, UINT32): columns[1],
        Field(3, ENUM): columns[2],
        Field(4, UINT32): columns[3],
        Field(7, ENUM): columns[4],
    }
    if arm is not None:
        text = " ".join([arm.headline + ".", arm.instructions, arm.warm_up_line]).strip()
        workout[Field(17, STRING, size=_DESCRIPTION_BYTES)] = [text]
        steps[Field(0, STRING, size=_STEP_NAME_BYTES)] = _step_names(rows, arm)
    writer.add(MESG_WORKOUT, workout)
    writer.add(MESG_WORKOUT_STEP, steps)
    return writer.to_bytes()


def plan_to_fit(
    plan: Plan,
    *,
    time_created: datetime,
    arms: Mapping[date, ArmReveal] | None = None,
    today: date | None = None,
) -> dict[str, bytes]:
    """Every run/walk, run and walk session as ``{"YYYY-MM-DD-<kind>.fit": bytes}``.

    ``arms`` of days up to ``today`` (required with ``arms``) go into those days' runs;
    later days' files carry no arm.
    """
    shown = revealed(arms, today=today)
    return {
        f"{s.day.isoformat()}-{s.kind.replace('_', '-')}.fit": session_to_fit(
            s,
            time_created=time_created,
            arm=shown.get(s.day) if s.kind in ARM_KINDS else None,
            today=today,
        )
        for s in plan.sessions()
        if s.kind in ("run_walk", "run", "walk")
    }
