"""GPX 1.0 / 1.1 tracks -> :class:`~backstride.model.ParseResult`.

Reads ``trk/trkseg/trkpt`` (lat, lon, ele, time) and the heart rate, cadence and power
that apps put in ``<extensions>``: Garmin's TrackPointExtension v1/v2 (``hr``, ``cad``),
and the plain ``heartrate``/``cadence``/``power`` some apps write. Element names are
matched without their namespace so that extension versions do not matter.

GPX has no summary, so everything is computed from the points. A file without any
timed track point (a planned route, a drawn track) is not an activity and raises
:class:`~backstride.ingest.outcome.NotAnActivityError`.
"""

from __future__ import annotations

import hashlib

import numpy as np

from backstride.errors import CorruptFileError
from backstride.ingest.build import FileSummary, RawSamples, build
from backstride.ingest.outcome import NotAnActivityError
from backstride.ingest.xmlsafe import child, children, descendants, local, number, parse_xml
from backstride.ingest.xmlsafe import timestamp_s as parse_time
from backstride.model import ParseResult

HR_NAMES = {"hr", "heartrate"}
CADENCE_NAMES = {"cad", "cadence"}
POWER_NAMES = {"power", "watts"}
SPEED_NAMES = {"speed"}

GPX_SPORTS = {
    "running": "running",
    "run": "running",
    "9": "running",
    "trail_running": "running",
    "walking": "walking",
    "walk": "walking",
    "10": "walking",
    "hiking": "hiking",
    "hike": "hiking",
    "11": "hiking",
    "cycling": "cycling",
    "biking": "cycling",
    "ride": "cycling",
    "1": "cycling",
}
"""GPX ``trk/type`` values (names, and Strava's numeric codes) mapped to our sports."""


def _extension_value(point: object, names: set[str]) -> float:
    for node in descendants(point, names):  # type: ignore[arg-type]
        return number(node.text)
    return float("nan")


def parse_gpx(
    data: bytes, *, source: str, sha256: str | None = None, default_sport: str | None = None
) -> ParseResult:
    """Decode a GPX track; empty segments and untimed points are skipped with a warning.

    ``default_sport`` is used when the track has no recognised ``<type>``.
    """
    root = parse_xml(data, source=source, kind="GPX")
    if local(root.tag) != "gpx":
        raise CorruptFileError(f"not a GPX file (root element <{local(root.tag)}>)", source=source)
    columns: dict[str, list[float]] = {
        k: [] for k in ("t", "lat", "lon", "ele", "hr", "cad", "power", "speed")
    }
    warnings: list[str] = []
    empty_segments = 0
    sport = "generic"
    tracks = list(children(root, "trk"))
    for track in tracks:
        kind = child(track, "type")
        if kind is not None and kind.text and sport == "generic":
            sport = GPX_SPORTS.get(kind.text.strip().lower(), "generic")
        for segment in children(track, "trkseg"):
            points = list(children(segment, "trkpt"))
            if not points:
                empty_segments += 1
            for point in points:
                time_node = child(point, "time")
                ele_node = child(point, "ele")
                columns["t"].append(parse_time(time_node.text if time_node is not None else None))
                columns["lat"].append(number(point.get("lat")))
                columns["lon"].append(number(point.get("lon")))
                columns["ele"].append(number(ele_node.text if ele_node is not None else None))
                extensions = child(point, "extensions")
                for key, names in (
                    ("hr", HR_NAMES),
                    ("cad", CADENCE_NAMES),
                    ("power", POWER_NAMES),
                    ("speed", SPEED_NAMES),
                ):
                    value = np.nan if extensions is None else _extension_value(extensions, names)
                    columns[key].append(value)
    if empty_segments:
        warnings.append(f"{empty_segments} empty track segment(s) skipped")
    arrays = {k: np.array(v, dtype=np.float64) for k, v in columns.items()}
    if not len(arrays["t"]):
        what = "only a route or waypoints" if list(children(root, "rte")) else "no track points"
        raise NotAnActivityError(f"GPX file has {what}, not a recorded activity", source=source)
    untimed = np.isnan(arrays["t"])
    if untimed.all():
        raise NotAnActivityError(
            "GPX track has no timestamps (a planned or drawn track, not a recording)",
            source=source,
        )

    def optional(key: str) -> np.ndarray | None:
        values = arrays[key]
        return None if np.isnan(values).all() else values

    if sport == "generic" and default_sport:
        sport = default_sport
    summary = FileSummary(sport=sport, device=root.get("creator") or None)
    return build(
        RawSamples(
            timestamp_s=arrays["t"],
            heart_rate_bpm=optional("hr"),
            cadence=optional("cad"),
            altitude_m=optional("ele"),
            lat_deg=optional("lat"),
            lon_deg=optional("lon"),
            power_w=optional("power"),
            speed_mps=optional("speed"),
        ),
        summary,
        source_sha256=sha256 or hashlib.sha256(data).hexdigest(),
        source_format="gpx",
        warnings=warnings,
        records=len(arrays["t"]),
    )
