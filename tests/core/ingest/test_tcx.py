"""TCX: the copied sample, ActivityExtension speed and run cadence, and bad input."""

from __future__ import annotations

import pytest
from samples import ACTIVITIES_DIR

from backstride.errors import CorruptFileError
from backstride.ingest.outcome import NotAnActivityError
from backstride.ingest.tcx import parse_tcx

SAMPLE = ACTIVITIES_DIR / "tcxreader/cross-country-skiing_activity_1.tcx"


def test_sample_file_values() -> None:
    result = parse_tcx(SAMPLE.read_bytes(), source=SAMPLE.name)
    a = result.activity
    s = a.streams
    assert len(s) == 486 == SAMPLE.read_text().count("<Trackpoint>")
    assert a.start_utc.isoformat() == "2020-12-26T15:14:21+00:00"
    assert a.device == "vívoactive HR"
    assert len(a.laps) == 2
    assert a.laps[0].elapsed_s == pytest.approx(2160.432)
    assert a.laps[0].avg_hr_bpm == 144
    assert a.laps[0].max_hr_bpm == 172
    assert s.lat_deg is not None
    assert s.lat_deg[0] == pytest.approx(46.495856987312436)
    assert s.altitude_m is not None
    assert s.altitude_m[0] == pytest.approx(1257.5999755859375)
    assert s.speed_mps is not None
    assert s.distance_m is not None
    assert s.heart_rate_bpm is not None
    assert a.distance_m == pytest.approx(sum(lap.distance_m or 0 for lap in a.laps))


def _tcx(points: str, sport: str = "Running") -> bytes:
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>2024-05-01T06:00:00Z</Id>'
        '<Lap StartTime="2024-05-01T06:00:00Z"><TotalTimeSeconds>2</TotalTimeSeconds>'
        "<DistanceMeters>6</DistanceMeters><Track>"
        f"{points}</Track></Lap><Creator><Name>Forerunner 265</Name></Creator>"
        "</Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def _point(second: int, run_cadence: int) -> str:
    return (
        f"<Trackpoint><Time>2024-05-01T06:00:0{second}Z</Time>"
        f"<DistanceMeters>{3 * second}</DistanceMeters><HeartRateBpm><Value>140</Value>"
        "</HeartRateBpm><Extensions><ns3:TPX>"
        f"<ns3:Speed>3.0</ns3:Speed><ns3:RunCadence>{run_cadence}</ns3:RunCadence>"
        "</ns3:TPX></Extensions></Trackpoint>"
    )


def test_activity_extension_speed_and_run_cadence() -> None:
    a = parse_tcx(_tcx("".join(_point(i, 88) for i in range(3))), source="r.tcx").activity
    assert a.sport == "running"
    assert a.device == "Forerunner 265"
    assert a.streams.speed_mps is not None
    assert list(a.streams.speed_mps) == [3.0, 3.0, 3.0]
    assert a.streams.cadence_spm is not None
    assert list(a.streams.cadence_spm) == [176] * 3
    assert a.avg_cadence_spm == 176
    assert a.distance_m == 6


def test_doubled_cadence_is_halved_with_a_warning() -> None:
    result = parse_tcx(_tcx("".join(_point(i, 340) for i in range(3))), source="t.tcx")
    assert result.activity.streams.cadence_spm is not None
    assert list(result.activity.streams.cadence_spm) == [170] * 3
    assert any("halved" in w for w in result.warnings)


def test_tcx_without_activities_is_not_an_activity() -> None:
    data = b'<TrainingCenterDatabase xmlns="x"><Courses/></TrainingCenterDatabase>'
    with pytest.raises(NotAnActivityError):
        parse_tcx(data, source="course.tcx")


def test_tcx_entity_bomb_is_rejected() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<TrainingCenterDatabase>&b;</TrainingCenterDatabase>"
    )
    with pytest.raises(CorruptFileError, match="entit"):
        parse_tcx(data, source="bomb.tcx")
