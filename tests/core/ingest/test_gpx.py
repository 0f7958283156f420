"""GPX: our reader against gpxpy on every copied sample, plus extensions and bad input."""

from __future__ import annotations

from pathlib import Path

import gpxpy
import numpy as np
import pytest
from samples import sample_paths

from backstride.errors import CorruptFileError
from backstride.ingest import OutcomeStatus, read_bytes
from backstride.ingest.gpx import parse_gpx
from backstride.ingest.outcome import NotAnActivityError

GPX_FILES = sample_paths("GPX")


def _gpxpy_points(data: bytes) -> list[gpxpy.gpx.GPXTrackPoint]:
    parsed = gpxpy.parse(data.decode("utf-8-sig"))
    return [
        point
        for track in parsed.tracks
        for segment in track.segments
        for point in segment.points
        if point.time is not None
    ]


@pytest.mark.parametrize("path", GPX_FILES, ids=lambda p: p.name)
def test_points_match_gpxpy(path: Path) -> None:
    data = path.read_bytes()
    theirs = _gpxpy_points(data)
    if not theirs:
        with pytest.raises(NotAnActivityError):
            parse_gpx(data, source=path.name)
        return
    streams = parse_gpx(data, source=path.name).activity.streams
    assert len(streams) == len(theirs)
    start = theirs[0].time.timestamp()  # type: ignore[union-attr]
    times = np.array([p.time.timestamp() for p in theirs]) - start  # type: ignore[union-attr]
    np.testing.assert_allclose(streams.time_s, times)
    assert streams.lat_deg is not None
    assert streams.lon_deg is not None
    np.testing.assert_allclose(streams.lat_deg, [p.latitude for p in theirs])
    np.testing.assert_allclose(streams.lon_deg, [p.longitude for p in theirs])
    elevations = np.array([np.nan if p.elevation is None else p.elevation for p in theirs])
    if streams.altitude_m is None:
        assert np.isnan(elevations).all()
    else:
        np.testing.assert_allclose(streams.altitude_m, elevations, equal_nan=True)


def _gpx_with_extensions(n: int = 120, *, hr: int = 150, cad: int = 86) -> bytes:
    points = []
    for i in range(n):
        points.append(
            f'<trkpt lat="{46.0 + i * 2.5e-5:.7f}" lon="14.5"><ele>{300 + i % 5}</ele>'
            f"<time>2024-05-01T06:{i // 60:02d}:{i % 60:02d}Z</time>"
            "<extensions><gpxtpx:TrackPointExtension>"
            f"<gpxtpx:hr>{hr}</gpxtpx:hr><gpxtpx:cad>{cad}</gpxtpx:cad>"
            "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="backstride-test" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        "<trk><type>running</type><trkseg>"
        + "".join(points)
        + "</trkseg><trkseg></trkseg></trk></gpx>"
    ).encode()


def test_garmin_trackpoint_extension_hr_and_cadence_match_gpxpy() -> None:
    data = _gpx_with_extensions()
    result = parse_gpx(data, source="run.gpx")
    a = result.activity
    theirs = _gpxpy_points(data)
    hr = [float(p.extensions[0].find("{*}hr").text) for p in theirs]  # type: ignore[union-attr]
    assert a.streams.heart_rate_bpm is not None
    np.testing.assert_array_equal(a.streams.heart_rate_bpm, hr)
    assert a.sport == "running"
    assert a.streams.cadence_spm is not None
    assert a.streams.cadence_spm[0] == 172
    assert a.avg_hr_bpm == 150
    assert a.distance_m == pytest.approx(119 * 2.78, rel=0.01)  # 2.5e-5 deg of latitude
    assert a.device == "backstride-test"
    assert any("empty track segment" in w for w in result.warnings)


def test_gpx_1_0_is_read() -> None:
    data = (
        b'<?xml version="1.0"?><gpx version="1.0" creator="old" '
        b'xmlns="http://www.topografix.com/GPX/1/0"><trk><trkseg>'
        b'<trkpt lat="1.0" lon="2.0"><time>2010-01-01T00:00:00Z</time></trkpt>'
        b'<trkpt lat="1.001" lon="2.0"><time>2010-01-01T00:01:00Z</time></trkpt>'
        b"</trkseg></trk></gpx>"
    )
    a = parse_gpx(data, source="old.gpx").activity
    assert len(a.streams) == 2
    assert a.elapsed_s == 60
    assert a.distance_m == pytest.approx(111.2, rel=0.01)


def test_sport_hint_applies_when_the_file_names_none() -> None:
    data = _gpx_with_extensions().replace(b"<type>running</type>", b"")
    assert parse_gpx(data, source="a.gpx").activity.sport == "generic"
    assert parse_gpx(data, source="a.gpx", default_sport="running").activity.sport == "running"


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<gpx version="1.1" creator="&f;"><trk><trkseg></trkseg></trk></gpx>
"""


def test_entity_bomb_is_rejected_with_a_clear_error() -> None:
    with pytest.raises(CorruptFileError, match="entit"):
        parse_gpx(BOMB, source="bomb.gpx")
    (outcome,) = read_bytes(BOMB, "bomb.gpx")
    assert outcome.status is OutcomeStatus.FAILED
    assert "bomb.gpx" in str(outcome.error)


def test_external_entity_is_rejected() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<gpx version="1.1" creator="&x;"></gpx>'
    )
    with pytest.raises(CorruptFileError):
        parse_gpx(xxe, source="xxe.gpx")


def test_malformed_xml_fails_cleanly() -> None:
    with pytest.raises(CorruptFileError, match="not well-formed"):
        parse_gpx(b"<gpx><trk><trkseg><trkpt lat='1'", source="cut.gpx")


def test_track_of_only_empty_segments_is_not_an_activity() -> None:
    data = b'<gpx version="1.1"><trk><trkseg></trkseg><trkseg/></trk></gpx>'
    with pytest.raises(NotAnActivityError, match="no track points"):
        parse_gpx(data, source="empty.gpx")


def test_track_without_times_is_not_an_activity() -> None:
    data = b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>'
    with pytest.raises(NotAnActivityError, match="no timestamps"):
        parse_gpx(data, source="drawn.gpx")
