"""One run in two formats is recognised as one activity; the same file twice as one file."""

from __future__ import annotations

import contextlib
import gzip
from datetime import UTC, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import ACTIVITIES_DIR

from backstride.analysis import dedupe_key, same_activity
from backstride.errors import InputError
from backstride.ingest import read_bytes
from backstride.ingest.fit import parse_fit
from backstride.ingest.gpx import parse_gpx
from backstride.model import Activity

FIT = (ACTIVITIES_DIR / "python-fitparse/activity-small-fenix2-run.fit").read_bytes()


def _as_gpx(activity: Activity) -> bytes:
    """The run exported as GPX, like a watch app's "export GPX" would."""
    s = activity.streams
    assert s.lat_deg is not None
    assert s.lon_deg is not None
    assert s.heart_rate_bpm is not None
    start = activity.start_utc.timestamp()
    points = []
    for t, lat, lon, hr in zip(s.time_s, s.lat_deg, s.lon_deg, s.heart_rate_bpm, strict=True):
        if np.isnan(lat):
            continue
        moment = datetime.fromtimestamp(start + t, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><time>{moment}</time><extensions>'
            f"<gpxtpx:TrackPointExtension><gpxtpx:hr>{hr:.0f}</gpxtpx:hr>"
            "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        "<trk><type>running</type><trkseg>" + "".join(points) + "</trkseg></trk></gpx>"
    ).encode()


def test_fit_and_gpx_of_one_run_are_the_same_activity() -> None:
    fit = parse_fit(FIT, source="run.fit").activity
    gpx = parse_gpx(_as_gpx(fit), source="run.gpx").activity
    assert dedupe_key(fit) != dedupe_key(gpx)
    assert same_activity(fit, gpx)
    assert gpx.distance_m is not None
    assert fit.distance_m is not None
    assert abs(gpx.distance_m - fit.distance_m) < 0.03 * fit.distance_m


def test_the_same_file_twice_has_the_same_key_zipped_or_not() -> None:
    (plain,) = read_bytes(FIT, "a.fit")
    (zipped,) = read_bytes(gzip.compress(FIT), "b.fit.gz")
    assert plain.activity is not None
    assert zipped.activity is not None
    assert dedupe_key(plain.activity) == dedupe_key(zipped.activity)


GPX_SAMPLE = (ACTIVITIES_DIR / "gpxpy/cerknicko-jezero.gpx").read_bytes()


@settings(max_examples=50, deadline=None)
@given(cut=st.integers(0, len(GPX_SAMPLE)))
def test_truncated_gpx_raises_only_our_errors(cut: int) -> None:
    with contextlib.suppress(InputError):
        parse_gpx(GPX_SAMPLE[:cut], source="cut.gpx")
