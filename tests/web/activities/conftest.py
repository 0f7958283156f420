from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from backstride.model import Activity, Streams

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"
RUN_FIT = DATA / "python-fitparse" / "activity-small-fenix2-run.fit"
TRUNCATED_FIT = DATA / "python-fitparse" / "activity-unexpected-eof.fit"
WORKOUT_FIT = DATA / "python-fitparse" / "WorkoutIndividualSteps.fit"


def simulated_run(start: datetime = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)) -> Activity:
    n = 1500
    t = np.arange(n, dtype=np.float64)
    speed = np.where(t < 90, 1.4, 3.0)
    return Activity(
        sport="running",
        sub_sport=None,
        start_utc=start,
        elapsed_s=float(n - 1),
        source_sha256="",
        source_format="fit",
        distance_m=float(np.sum(speed[1:])),
        streams=Streams(
            time_s=t,
            speed_mps=speed,
            distance_m=np.concatenate([[0.0], np.cumsum(speed[1:])]),
            heart_rate_bpm=np.full(n, 150.0),
            lat_deg=53.8 + t * 1e-5,
            lon_deg=-1.55 + t * 1e-5,
        ),
    )


def gpx_of(activity: Activity) -> bytes:
    """The same outing as a GPX track (what a phone app would export)."""
    assert activity.streams.lat_deg is not None
    assert activity.streams.lon_deg is not None
    points = []
    for t, lat, lon in zip(
        activity.streams.time_s, activity.streams.lat_deg, activity.streams.lon_deg, strict=True
    ):
        stamp = datetime.fromtimestamp(activity.start_utc.timestamp() + t, UTC)
        when = f"<time>{stamp:%Y-%m-%dT%H:%M:%SZ}</time>"
        points.append(f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}">{when}</trkpt>')
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        + "".join(points)
        + "</trkseg></trk></gpx>"
    ).encode()


@pytest.fixture
def run_fit() -> Path:
    return RUN_FIT
