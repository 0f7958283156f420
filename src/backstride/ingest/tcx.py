"""Garmin Training Center (TCX) activities -> :class:`~backstride.model.ParseResult`.

Reads the first ``Activity`` (its ``Sport`` attribute), its ``Lap`` summaries, and each
``Trackpoint``: time, position, altitude, distance, heart rate, cadence, and from Garmin's
ActivityExtension v2 (``TPX``) ``Speed``, ``RunCadence`` (strides/min) and ``Watts``.
Running cadence is ``RunCadence`` when present, else the plain ``Cadence``.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import numpy as np

from backstride.errors import CorruptFileError
from backstride.ingest.build import FileSummary, RawSamples, build
from backstride.ingest.outcome import NotAnActivityError
from backstride.ingest.xmlsafe import (
    child,
    child_number,
    children,
    descendants,
    local,
    number,
    parse_xml,
)
from backstride.ingest.xmlsafe import timestamp_s as parse_time
from backstride.model import Lap, ParseResult

TCX_SPORTS = {"running": "running", "biking": "cycling", "walking": "walking", "other": "generic"}

_EXTENSION_FIELDS = (("run_cad", "RunCadence"), ("speed", "Speed"), ("watts", "Watts"))
_POINT_FIELDS = ("t", "lat", "lon", "alt", "dist", "hr", "cad", "run_cad", "speed", "watts")


def _maybe(value: float) -> float | None:
    return None if value != value else value


def _extension(node: ET.Element, name: str) -> float:
    for found in descendants(node, {name}):
        return number(found.text)
    return float("nan")


def _lap(node: ET.Element, on_foot: bool) -> Lap | None:
    start = parse_time(node.get("StartTime"))
    elapsed = child_number(node, "TotalTimeSeconds")
    if start != start or elapsed != elapsed:
        return None
    cadence = _extension(node, "AvgRunCadence")
    if cadence != cadence:
        cadence = child_number(node, "Cadence")
    trigger = child(node, "TriggerMethod")
    return Lap(
        start_utc=datetime.fromtimestamp(start, tz=UTC),
        elapsed_s=elapsed,
        distance_m=_maybe(child_number(node, "DistanceMeters")),
        avg_speed_mps=_maybe(_extension(node, "AvgSpeed")),
        max_speed_mps=_maybe(child_number(node, "MaximumSpeed")),
        avg_hr_bpm=_maybe(child_number(node, "AverageHeartRateBpm", "Value")),
        max_hr_bpm=_maybe(child_number(node, "MaximumHeartRateBpm", "Value")),
        avg_cadence_spm=_maybe(cadence * 2 if on_foot else cadence),
        trigger=(trigger.text or "").strip().lower() or None if trigger is not None else None,
    )


def parse_tcx(
    data: bytes, *, source: str, sha256: str | None = None, default_sport: str | None = None
) -> ParseResult:
    """Decode the first activity of a TCX file (``default_sport`` when it says "Other")."""
    root = parse_xml(data, source=source, kind="TCX")
    if local(root.tag) != "TrainingCenterDatabase":
        raise CorruptFileError(f"not a TCX file (root element <{local(root.tag)}>)", source=source)
    activities_node = child(root, "Activities")
    activities = list(children(activities_node, "Activity")) if activities_node is not None else []
    if not activities:
        raise NotAnActivityError("TCX file holds no activity (a course?)", source=source)
    warnings: list[str] = []
    if len(activities) > 1:
        warnings.append(f"TCX file holds {len(activities)} activities; only the first was read")
    activity = activities[0]
    sport = TCX_SPORTS.get((activity.get("Sport") or "other").lower(), "generic")
    if sport == "generic" and default_sport:
        sport = default_sport
    on_foot = sport in {"running", "walking"}
    columns: dict[str, list[float]] = {k: [] for k in _POINT_FIELDS}
    laps = []
    for lap_node in children(activity, "Lap"):
        lap = _lap(lap_node, on_foot)
        if lap is not None:
            laps.append(lap)
        for track in children(lap_node, "Track"):
            for point in children(track, "Trackpoint"):
                time_node = child(point, "Time")
                columns["t"].append(parse_time(time_node.text if time_node is not None else None))
                columns["lat"].append(child_number(point, "Position", "LatitudeDegrees"))
                columns["lon"].append(child_number(point, "Position", "LongitudeDegrees"))
                columns["alt"].append(child_number(point, "AltitudeMeters"))
                columns["dist"].append(child_number(point, "DistanceMeters"))
                columns["hr"].append(child_number(point, "HeartRateBpm", "Value"))
                columns["cad"].append(child_number(point, "Cadence"))
                extensions = child(point, "Extensions")
                for key, name in (
                    ("run_cad", "RunCadence"),
                    ("speed", "Speed"),
                    ("watts", "Watts"),
                ):
                    columns[key].append(
                        np.nan if extensions is None else _extension(extensions, name)
                    )
    arrays = {k: np.array(v, dtype=np.float64) for k, v in columns.items()}
    if not len(arrays["t"]) and not laps:
        raise CorruptFileError("TCX activity has no laps and no track points", source=source)

    def optional(key: str) -> np.ndarray | None:
        values = arrays[key]
        return None if not len(values) or np.isnan(values).all() else values

    cadence = optional("run_cad")
    if cadence is None:
        cadence = optional("cad")
    creator = child(activity, "Creator")
    device_node = child(creator, "Name") if creator is not None else None
    summary = FileSummary(
        sport=sport,
        device=(device_node.text or "").strip() or None if device_node is not None else None,
        laps=tuple(laps),
    )
    if laps:
        summary.start_utc = laps[0].start_utc
        summary.elapsed_s = (laps[-1].start_utc - laps[0].start_utc).total_seconds() + laps[
            -1
        ].elapsed_s
        times = arrays["t"][~np.isnan(arrays["t"])]
        if len(times):  # some exporters' lap times do not cover the track points
            span_s = float(times.max()) - laps[0].start_utc.timestamp()
            summary.elapsed_s = max(summary.elapsed_s, span_s)
        distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
        summary.distance_m = sum(distances) if distances else None
        if not len(arrays["t"]):
            arrays["t"] = np.array([laps[0].start_utc.timestamp()])
            for key in _POINT_FIELDS[1:]:
                arrays[key] = np.array([np.nan])
    return build(
        RawSamples(
            timestamp_s=arrays["t"],
            distance_m=optional("dist"),
            speed_mps=optional("speed"),
            heart_rate_bpm=optional("hr"),
            cadence=cadence,
            altitude_m=optional("alt"),
            lat_deg=optional("lat"),
            lon_deg=optional("lon"),
            power_w=optional("watts"),
        ),
        summary,
        source_sha256=sha256 or hashlib.sha256(data).hexdigest(),
        source_format="tcx",
        warnings=warnings,
        records=len(arrays["t"]),
    )
