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

Every message, the workout name (a string field) included, goes through the vectorised
:class:`~backstride.fit_write.FitWriter`. Untested on watch hardware; the test
suite decodes every file with the official ``garmin-fit-sdk``.
"""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Final

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

__all__ = ["MESG_WORKOUT", "MESG_WORKOUT_STEP", "plan_to_fit", "session_to_fit"]

MESG_WORKOUT: Final = 26
MESG_WORKOUT_STEP: Final = 27
FILE_TYPE_WORKOUT: Final = 5
_NAME_BYTES: Final = 24
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


def session_to_fit(session: Session, *, time_created: datetime, serial: int | None = None) -> bytes:
    """One session as a FIT workout file (bytes).

    Raises :class:`InputError` for sessions that are not run/walk, run or walk.
    ``serial`` defaults to a checksum of the day and kind, so the same session keeps the
    same file identity across exports.
    """
    if session.kind not in ("run_walk", "run", "walk"):
        raise InputError(f"a {session.kind} session has no watch workout", source="session")
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
    writer.add(
        MESG_WORKOUT,
        {
            Field(4, ENUM): [sport],
            Field(6, UINT16): [len(rows)],
            Field(8, STRING, size=_NAME_BYTES): [_name(session)],
        },
    )
    writer.add(
        MESG_WORKOUT_STEP,
        {
            Field(254, UINT16): np.arange(len(rows)),
            Field(1, ENUM): columns[0],
            Field(2, UINT32): columns[1],
            Field(3, ENUM): columns[2],
            Field(4, UINT32): columns[3],
            Field(7, ENUM): columns[4],
        },
    )
    return writer.to_bytes()


def plan_to_fit(plan: Plan, *, time_created: datetime) -> dict[str, bytes]:
    """Every run/walk, run and walk session as ``{"YYYY-MM-DD-<kind>.fit": bytes}``."""
    return {
        f"{s.day.isoformat()}-{s.kind.replace('_', '-')}.fit": session_to_fit(
            s, time_created=time_created
        )
        for s in plan.sessions()
        if s.kind in ("run_walk", "run", "walk")
    }
