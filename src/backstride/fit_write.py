"""Write FIT files: the format every running watch and watch app reads.

A small, vectorised encoder. Each message type is defined once and its rows are packed
with numpy, so a one-hour activity encodes in about a millisecond. It writes what
backstride needs — activity files of our own model (for the demo history and for
round-trip tests) and, later, workout files for the watch — using the field numbers,
scales and offsets of the FIT SDK profile (the same table the decoder reads,
:mod:`backstride.ingest.fit_profile`).

A value is stored as ``round((value + offset) * scale)``; NaN is stored as the base
type's "invalid" value, which readers treat as "no data".
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backstride.ingest import fit_profile as fp
from backstride.ingest.fit_crc import crc16
from backstride.model import FOOT_SPORTS, Activity

PROTOCOL_VERSION: Final = 0x20  # 2.0
PROFILE_VERSION: Final = 2132  # 21.32
MANUFACTURER_DEVELOPMENT: Final = 255
SEMICIRCLES_PER_DEGREE: Final = 2**31 / 180.0


UINT8, UINT16, UINT32, SINT32, ENUM, UINT32Z = 0x02, 0x84, 0x86, 0x85, 0x00, 0x8C
STRING: Final = 0x07


@dataclass(frozen=True, slots=True)
class Field:
    """A field to write: profile number, FIT base type byte, and the profile's scale/offset.

    A string field (base type :data:`STRING`) needs its width in bytes, ``size``; its values
    are ``str`` (or ``None``), written as UTF-8, cut to ``size - 1`` bytes and NUL-padded, so
    every string ends in a NUL; an empty string or ``None`` is the invalid value.
    """

    num: int
    base_type: int
    scale: float = 1.0
    offset: float = 0.0
    size: int = 0

    def __post_init__(self) -> None:
        if self.base_type == STRING and self.size < 2:
            raise ValueError("a FIT string field needs a size of at least 2 bytes")

    @property
    def dtype(self) -> np.dtype[np.generic]:
        if self.base_type == STRING:
            return np.dtype(f"S{self.size}")
        kind, _size, _invalid = fp.BASE_TYPES[self.base_type]
        return np.dtype("<" + kind)

    def raw(self, values: ArrayLike) -> NDArray[np.generic]:
        """Scaled integers (or floats) for this field, invalid where ``values`` is NaN;
        for a string field, the NUL-padded UTF-8 bytes of each value."""
        if self.base_type == STRING:
            texts = [values] if isinstance(values, str) else list(values)  # type: ignore[arg-type]
            return np.array([self._text(t) for t in texts], dtype=self.dtype)
        data = np.asarray(values, dtype=np.float64)
        _kind, _size, invalid = fp.BASE_TYPES[self.base_type]
        scaled = np.round((data + self.offset) * self.scale)
        if self.dtype.kind in "iu":
            info = np.iinfo(self.dtype.str)
            bad = ~np.isfinite(scaled) | (scaled < info.min) | (scaled > info.max)
            scaled = np.where(bad, invalid, scaled)
        return scaled.astype(self.dtype)

    def _text(self, value: object) -> bytes:
        if value is None:
            return b""
        if not isinstance(value, str):
            raise TypeError(f"FIT string field {self.num} takes str, not {type(value).__name__}")
        encoded = value.encode("utf-8")[: self.size - 1]
        return encoded.decode("utf-8", errors="ignore").encode("utf-8")


class FitWriter:
    """Collect messages, then :meth:`to_bytes` returns a complete FIT file (with CRCs)."""

    def __init__(self) -> None:
        self._body = bytearray()
        self._next_local = 0

    def add(self, global_num: int, columns: Mapping[Field, ArrayLike]) -> None:
        """Append ``len(column)`` messages of ``global_num`` (all columns the same length).

        Numeric columns are numbers (NaN = invalid); a string field's column is a list of
        ``str`` (see :class:`Field`).
        """
        fields = list(columns)
        arrays = [
            field.raw(
                columns[field]
                if field.base_type == STRING
                else np.atleast_1d(np.asarray(columns[field], dtype=np.float64))
            )
            for field in fields
        ]
        rows = len(arrays[0]) if arrays else 0
        if any(len(array) != rows for array in arrays):
            raise ValueError("all columns of a FIT message must have the same length")
        local = self._next_local
        self._next_local = (self._next_local + 1) % 16
        definition = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_num, len(fields))
        for field in fields:
            definition += struct.pack("<BBB", field.num, field.dtype.itemsize, field.base_type)
        self._body += definition
        record = np.dtype([("header", "u1"), *((f"f{i}", f.dtype) for i, f in enumerate(fields))])
        packed = np.zeros(rows, dtype=record)
        packed["header"] = local
        for i, array in enumerate(arrays):
            packed[f"f{i}"] = array
        self._body += packed.tobytes()

    def to_bytes(self) -> bytes:
        header = struct.pack(
            "<BBHI4s", 14, PROTOCOL_VERSION, PROFILE_VERSION, len(self._body), b".FIT"
        )
        header += struct.pack("<H", crc16(header))
        content = header + bytes(self._body)
        return content + struct.pack("<H", crc16(content))


def fit_time(moment: datetime) -> int:
    """Seconds since the FIT epoch (1989-12-31 00:00 UTC)."""
    return int(moment.timestamp()) - fp.FIT_EPOCH_UNIX_S


_SPORT_NUMBERS: Final = {name: num for num, name in fp.SPORTS.items()}
_SUB_SPORT_NUMBERS: Final = {name: num for num, name in fp.SUB_SPORTS.items()}


def encode_activity(activity: Activity) -> bytes:
    """A FIT activity file holding ``activity``'s records, laps and one session.

    Cadence is written as FIT writes it for foot sports: strides per minute plus a
    fractional part, so that ``steps = 2 × (cadence + fractional_cadence)``.
    """
    streams = activity.streams
    n = len(streams)
    start = fit_time(activity.start_utc)
    writer = FitWriter()
    writer.add(
        fp.MESG_FILE_ID,
        {
            Field(0, ENUM): [fp.FILE_TYPE_ACTIVITY],
            Field(1, UINT16): [MANUFACTURER_DEVELOPMENT],
            Field(2, UINT16): [0],
            Field(4, UINT32): [start],
        },
    )
    timestamps = start + np.round(streams.time_s)
    record: dict[Field, ArrayLike] = {Field(253, UINT32): timestamps}
    if streams.lat_deg is not None and streams.lon_deg is not None:
        record[Field(0, SINT32, SEMICIRCLES_PER_DEGREE)] = streams.lat_deg
        record[Field(1, SINT32, SEMICIRCLES_PER_DEGREE)] = streams.lon_deg
    if streams.distance_m is not None:
        record[Field(5, UINT32, 100.0)] = streams.distance_m
    if streams.speed_mps is not None:
        record[Field(73, UINT32, 1000.0)] = streams.speed_mps
    if streams.altitude_m is not None:
        record[Field(78, UINT32, 5.0, 500.0)] = streams.altitude_m
    if streams.heart_rate_bpm is not None:
        record[Field(3, UINT8)] = streams.heart_rate_bpm
    cadence = streams.cadence_spm
    if cadence is not None and activity.sport in FOOT_SPORTS:
        strides = cadence / 2.0
        whole = np.floor(strides)
        record[Field(4, UINT8)] = whole
        record[Field(53, UINT8, 128.0)] = strides - whole
    elif streams.cadence_rpm is not None:
        record[Field(4, UINT8)] = streams.cadence_rpm
    if streams.power_w is not None:
        record[Field(7, UINT16)] = streams.power_w
    if n:
        writer.add(fp.MESG_RECORD, record)

    end = start + round(activity.elapsed_s)
    laps: Sequence[tuple[float, float, float | None]] = [
        (fit_time(lap.start_utc), lap.elapsed_s, lap.distance_m) for lap in activity.laps
    ] or [(start, activity.elapsed_s, activity.distance_m)]
    lap_starts = np.array([lap[0] for lap in laps], dtype=np.float64)
    lap_elapsed = np.array([lap[1] for lap in laps], dtype=np.float64)
    writer.add(
        fp.MESG_LAP,
        {
            Field(253, UINT32): lap_starts + np.round(lap_elapsed),
            Field(2, UINT32): lap_starts,
            Field(7, UINT32, 1000.0): lap_elapsed,
            Field(8, UINT32, 1000.0): lap_elapsed,
            Field(9, UINT32, 100.0): [np.nan if lap[2] is None else lap[2] for lap in laps],
        },
    )
    sport = _SPORT_NUMBERS.get(activity.sport, 0)
    sub_sport = _SUB_SPORT_NUMBERS.get(activity.sub_sport or "generic", 0)
    writer.add(
        fp.MESG_SESSION,
        {
            Field(253, UINT32): [end],
            Field(2, UINT32): [start],
            Field(5, ENUM): [sport],
            Field(6, ENUM): [sub_sport],
            Field(7, UINT32, 1000.0): [activity.elapsed_s],
            Field(8, UINT32, 1000.0): [activity.timer_s or activity.elapsed_s],
            Field(9, UINT32, 100.0): [
                np.nan if activity.distance_m is None else activity.distance_m
            ],
        },
    )
    offset = activity.local_utc_offset_s
    writer.add(
        fp.MESG_ACTIVITY,
        {
            Field(253, UINT32): [end],
            Field(0, UINT32, 1000.0): [activity.timer_s or activity.elapsed_s],
            Field(1, UINT16): [1],
            Field(5, UINT32): [np.nan if offset is None else end + offset],
        },
    )
    return writer.to_bytes()
