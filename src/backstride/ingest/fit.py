"""FIT activity files -> :class:`~backstride.model.ParseResult`.

The byte-level work is in :mod:`backstride.ingest.fit_decode`; this module maps FIT
messages onto our model: ``record`` -> streams, ``session`` -> summary and legs, ``lap``
-> laps, ``file_id`` -> device, ``activity.local_timestamp`` -> local UTC offset.

Damaged files: everything before the first fault is kept and a warning says what was
wrong and how much was recovered; a file from which no record and no session decodes
raises :class:`~backstride.errors.CorruptFileError`. Non-activity FIT files (workouts,
settings, monitoring) raise :class:`NotAnActivityError` so importers can skip them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import numpy as np

from backstride.errors import CorruptFileError
from backstride.ingest import fit_profile as fp
from backstride.ingest.build import FileSummary, RawSamples, build
from backstride.ingest.fit_decode import decode
from backstride.ingest.fit_messages import FitMessages
from backstride.ingest.outcome import NotAnActivityError
from backstride.model import FOOT_SPORTS, FloatArray, Lap, Leg, ParseResult

SEMICIRCLE_DEG = 180.0 / 2**31
RELATIVE_TIME_LIMIT = 0x10000000
"""FIT times below this count seconds since the device powered on, not a real date."""
LOCAL_OFFSET_STEP_S = 900
"""Real UTC offsets are whole quarter hours; the device's local clock is rounded to one."""


def _first(values: FloatArray) -> float | None:
    valid = values[~np.isnan(values)]
    return float(valid[0]) if len(valid) else None


def _utc(fit_s: float | None) -> datetime | None:
    if fit_s is None:
        return None
    return datetime.fromtimestamp(fit_s + fp.FIT_EPOCH_UNIX_S, tz=UTC)


def _opt(values: FloatArray, i: int) -> float | None:
    value = float(values[i])
    return None if value != value else value


def _prefer(enhanced: FloatArray, plain: FloatArray) -> FloatArray:
    return np.where(np.isnan(enhanced), plain, enhanced)


def _records(m: FitMessages) -> RawSamples:
    def col(name: str) -> FloatArray:
        return m.field(fp.MESG_RECORD, fp.RECORD[name])

    speed = _prefer(col("enhanced_speed"), col("speed"))
    distance = col("distance")
    packed = m.byte_matrix(fp.MESG_RECORD, fp.RECORD_COMPRESSED_SPEED_DISTANCE, 3)
    has_packed = (packed != 0xFF).any(axis=1)
    if has_packed.any():
        wide = packed.astype(np.int64)
        word = wide[:, 0] | wide[:, 1] << 8 | wide[:, 2] << 16
        speed = np.where(has_packed & np.isnan(speed), (word & 0xFFF) / 100.0, speed)
        # 12-bit distance that rolls over: accumulate the steps between packed records
        steps = np.diff(word[has_packed] >> 12 & 0xFFF, prepend=0) & 0xFFF
        accumulated = np.full(len(word), np.nan)
        accumulated[has_packed] = np.cumsum(steps) / 16.0
        distance = np.where(np.isnan(distance), accumulated, distance)
    cadence = col("cadence")
    fractional = col("fractional_cadence")
    cadence = np.where(np.isnan(fractional), cadence, cadence + fractional)
    timestamps = col("timestamp") + fp.FIT_EPOCH_UNIX_S
    return RawSamples(
        timestamp_s=timestamps,
        distance_m=distance,
        speed_mps=speed,
        heart_rate_bpm=col("heart_rate"),
        cadence=cadence,
        altitude_m=_prefer(col("enhanced_altitude"), col("altitude")),
        lat_deg=col("position_lat") * SEMICIRCLE_DEG,
        lon_deg=col("position_long") * SEMICIRCLE_DEG,
        power_w=col("power"),
    )


def _laps(m: FitMessages, session_sport: str | None) -> tuple[Lap, ...]:
    """Laps; a lap without its own sport takes the session's (for the stride doubling)."""

    def col(name: str) -> FloatArray:
        return m.field(fp.MESG_LAP, fp.LAP[name])

    start, elapsed = col("start_time"), col("total_elapsed_time")
    timer, distance = col("total_timer_time"), col("total_distance")
    avg_speed = _prefer(col("enhanced_avg_speed"), col("avg_speed"))
    max_speed = _prefer(col("enhanced_max_speed"), col("max_speed"))
    avg_hr, max_hr = col("avg_heart_rate"), col("max_heart_rate")
    cadence = col("avg_cadence") + np.nan_to_num(col("avg_fractional_cadence"))
    ascent, trigger, sport = col("total_ascent"), col("lap_trigger"), col("sport")
    laps = []
    for i in range(m.count(fp.MESG_LAP)):
        begin = _utc(_opt(start, i))
        if begin is None or elapsed[i] != elapsed[i]:
            continue
        lap_sport = fp.enum_name(fp.SPORTS, sport[i]) if sport[i] == sport[i] else None
        on_foot = (lap_sport or session_sport) in FOOT_SPORTS
        laps.append(
            Lap(
                start_utc=begin,
                elapsed_s=float(elapsed[i]),
                timer_s=_opt(timer, i),
                distance_m=_opt(distance, i),
                avg_speed_mps=_opt(avg_speed, i),
                max_speed_mps=_opt(max_speed, i),
                avg_hr_bpm=_opt(avg_hr, i),
                max_hr_bpm=_opt(max_hr, i),
                avg_cadence_spm=_opt(cadence * 2 if on_foot else cadence, i),
                ascent_m=_opt(ascent, i),
                trigger=fp.enum_name(fp.LAP_TRIGGERS, trigger[i]),
            )
        )
    return tuple(laps)


def _summary_without_laps(m: FitMessages) -> FileSummary:
    def col(name: str) -> FloatArray:
        return m.field(fp.MESG_SESSION, fp.SESSION[name])

    summary = FileSummary()
    manufacturer = _first(m.field(fp.MESG_FILE_ID, fp.FILE_ID["manufacturer"]))
    if manufacturer is not None:
        product = _first(m.field(fp.MESG_FILE_ID, fp.FILE_ID["product"]))
        names = [n for n in m.strings(fp.MESG_FILE_ID, fp.FILE_ID_PRODUCT_NAME) if n]
        maker = fp.enum_name(fp.MANUFACTURERS, manufacturer)
        model = names[0] if names else (str(int(product)) if product is not None else "")
        summary.device = f"{maker}/{model}" if model else maker
    timestamp = _first(m.field(fp.MESG_ACTIVITY, fp.ACTIVITY["timestamp"]))
    local = _first(m.field(fp.MESG_ACTIVITY, fp.ACTIVITY["local_timestamp"]))
    if timestamp is not None and local is not None:
        step = LOCAL_OFFSET_STEP_S
        offset = round((local - timestamp) / step) * step
        if abs(offset) <= 14 * 3600:
            summary.local_utc_offset_s = int(offset)
    n_sessions = m.count(fp.MESG_SESSION)
    if n_sessions == 0:
        sport = _first(m.field(fp.MESG_SPORT, fp.SPORT_MESG["sport"]))
        sub = _first(m.field(fp.MESG_SPORT, fp.SPORT_MESG["sub_sport"]))
        summary.sport = fp.enum_name(fp.SPORTS, sport if sport is not None else 0) or "generic"
        summary.sub_sport = fp.enum_name(fp.SUB_SPORTS, sub if sub is not None else np.nan)
        return summary
    start, elapsed = col("start_time"), col("total_elapsed_time")
    sports, subs, distance = col("sport"), col("sub_sport"), col("total_distance")
    legs = []
    for i in range(n_sessions):
        begin = _utc(_opt(start, i))
        if begin is None or elapsed[i] != elapsed[i]:
            continue
        legs.append(
            Leg(
                sport=fp.enum_name(fp.SPORTS, sports[i]) or "generic",
                sub_sport=fp.enum_name(fp.SUB_SPORTS, subs[i]),
                start_utc=begin,
                elapsed_s=float(elapsed[i]),
                distance_m=_opt(distance, i),
            )
        )
    if not legs:
        return summary
    real = {leg.sport for leg in legs if leg.sport != "transition"}
    summary.sport = real.pop() if len(real) == 1 else "multisport"
    summary.sub_sport = legs[0].sub_sport if len(legs) == 1 else None
    summary.start_utc = min(leg.start_utc for leg in legs)
    summary.elapsed_s = max(
        (leg.start_utc - summary.start_utc).total_seconds() + leg.elapsed_s for leg in legs
    )
    summary.legs = tuple(legs) if len(legs) > 1 else ()
    summary.distance_m = float(np.nansum(distance)) if not np.isnan(distance).all() else None
    summary.timer_s = _sum(col("total_timer_time"))
    summary.ascent_m = _sum(col("total_ascent"))
    if len(legs) == 1:
        summary.avg_hr_bpm = _first(col("avg_heart_rate"))
        summary.max_hr_bpm = _first(col("max_heart_rate"))
        cadence = _first(col("avg_cadence"))
        fraction = _first(col("avg_fractional_cadence"))
        summary.avg_cadence = None if cadence is None else cadence + (fraction or 0.0)
        summary.avg_speed_mps = _first(_prefer(col("enhanced_avg_speed"), col("avg_speed")))
    return summary


def _summary(m: FitMessages) -> FileSummary:
    summary = _summary_without_laps(m)
    summary.laps = _laps(m, summary.sport)
    return summary


def _sum(values: FloatArray) -> float | None:
    return None if np.isnan(values).all() else float(np.nansum(values))


def read_fit_records(data: bytes) -> tuple[RawSamples, list[str]]:
    """Every ``record`` message as decoded, before any cleaning, plus the decoder's warnings.

    For comparing with other decoders and for tools; importers want :func:`parse_fit`.
    """
    result = decode(data)
    return _records(result.messages), result.warnings


def parse_fit(
    data: bytes, *, source: str, sha256: str | None = None, check_crc: bool = True
) -> ParseResult:
    """Decode a FIT activity; recover what precedes any fault, with a warning."""
    result = decode(data, check_crc=check_crc)
    if not result.parts:
        raise CorruptFileError(f"not a readable FIT file: {result.fault}", source=source)
    m = result.messages
    file_type = _first(m.field(fp.MESG_FILE_ID, fp.FILE_ID["type"]))
    if file_type is not None and int(file_type) != fp.FILE_TYPE_ACTIVITY:
        kind = fp.FILE_TYPES.get(int(file_type), f"type {int(file_type)}")
        raise NotAnActivityError(f"a FIT {kind} file, not an activity", source=source)
    n_records = m.count(fp.MESG_RECORD)
    if n_records == 0 and m.count(fp.MESG_SESSION) == 0:
        problem = result.fault or "the file holds no records and no session"
        raise CorruptFileError(f"nothing usable decoded: {problem}", source=source)
    warnings = list(result.warnings)
    if result.fault is not None:
        warnings.append(f"recovered {n_records} records decoded before the fault")
    first_time = _first(m.field(fp.MESG_RECORD, fp.RECORD["timestamp"]))
    if first_time is not None and first_time < RELATIVE_TIME_LIMIT:
        warnings.append("the device clock was not set: times count from power-on, not real dates")
    try:
        return build(
            _records(m),
            _summary(m),
            source_sha256=sha256 or hashlib.sha256(data).hexdigest(),
            source_format="fit",
            warnings=warnings,
            records=n_records,
            recovered=result.fault is not None,
        )
    except ValueError as exc:
        raise CorruptFileError(f"nothing usable decoded: {exc}", source=source) from None
