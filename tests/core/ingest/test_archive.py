"""Archives, folders and the per-file outcomes: one bad file never spoils the rest."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from fitbuilder import run_file
from samples import ACTIVITIES_DIR

from backstride.errors import LimitExceededError
from backstride.ingest import ImportLimits, OutcomeStatus, read_bytes, read_path
from backstride.ingest.archive import unsafe_name

RUN_FIT = (ACTIVITIES_DIR / "python-fitparse/activity-small-fenix2-run.fit").read_bytes()
GPX = (ACTIVITIES_DIR / "gpxpy/cerknicko-jezero.gpx").read_bytes()
TCX = (ACTIVITIES_DIR / "tcxreader/cross-country-skiing_activity_1.tcx").read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"), [("a.fit.gz", RUN_FIT), ("b.gpx.gz", GPX), ("c.tcx.gz", TCX)]
)
def test_gzip_variants(name: str, data: bytes) -> None:
    (outcome,) = read_bytes(gzip.compress(data), name)
    assert outcome.status is OutcomeStatus.OK, outcome.message
    assert outcome.name == name[:-3]
    plain = next(iter(read_bytes(data, name[:-3])))
    assert outcome.activity is not None
    assert plain.activity is not None
    assert outcome.activity.source_sha256 == plain.activity.source_sha256  # same content, same key


def test_broken_gzip_fails_cleanly() -> None:
    (outcome,) = read_bytes(gzip.compress(RUN_FIT)[:200], "cut.fit.gz")
    assert outcome.status is OutcomeStatus.FAILED
    assert "gzip" in outcome.message


STRAVA_CSV = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Filename\n"
    '1,"Aug 5, 2010, 2:23:59 PM","Lake, with a comma",Run,"two\nlines",7190,13.6,'
    "activities/1.gpx.gz\n"
    '2,"Aug 15, 2015, 2:45:08 PM",Morning Run,Run,,2832,9.0,activities/2.fit.gz\n'
    '3,"Aug 16, 2015, 2:45:08 PM",Manual entry,Run,,1800,5.0,\n'
)


def test_strava_bulk_export() -> None:
    data = _zip(
        {
            "activities.csv": STRAVA_CSV.encode(),
            "activities/1.gpx.gz": gzip.compress(GPX),
            "activities/2.fit.gz": gzip.compress(RUN_FIT),
            "activities/3.tcx": b"not really a tcx",
            "media/photo.jpg": b"\xff\xd8\xff",
            "profile.csv": b"a,b\n",
        }
    )
    outcomes = list(read_bytes(data, "export_123.zip"))
    by_name = {o.name: o for o in outcomes}
    assert set(by_name) == {
        "export_123.zip!activities/1.gpx",
        "export_123.zip!activities/2.fit",
        "export_123.zip!activities/3.tcx",
    }
    gpx = by_name["export_123.zip!activities/1.gpx"]
    assert gpx.activity is not None
    assert gpx.activity.sport == "running"
    assert by_name["export_123.zip!activities/2.fit"].status is OutcomeStatus.OK
    bad = by_name["export_123.zip!activities/3.tcx"]
    assert bad.status is OutcomeStatus.FAILED
    assert "3.tcx" in str(bad.error)


def test_garmin_connect_export_with_nested_zips() -> None:
    inner = _zip({"123_ACTIVITY.fit": RUN_FIT, "wellness.fit": run_file(5)})
    outer = _zip(
        {
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner,
            "DI_CONNECT/DI-Connect-Fitness/user_0_summarizedActivities.json": b"[]",
        }
    )
    outcomes = list(read_bytes(outer, "garmin.zip"))
    assert [o.status for o in outcomes] == [OutcomeStatus.OK, OutcomeStatus.OK]
    assert outcomes[0].name.endswith("UploadedFiles_0-_Part1.zip!123_ACTIVITY.fit")


def test_zip_bomb_by_file_count() -> None:
    data = _zip({f"activities/{i}.gpx": GPX for i in range(30)})
    (outcome,) = read_bytes(data, "many.zip", ImportLimits(max_files=10))
    assert outcome.status is OutcomeStatus.FAILED
    assert isinstance(outcome.error, LimitExceededError)
    assert "more than 10 files" in outcome.message


def test_zip_bomb_by_total_uncompressed_size() -> None:
    bomb = _zip({f"activities/{i}.gpx": b"<gpx>" + b" " * 5_000_000 for i in range(4)})
    assert len(bomb) < 100_000
    limits = ImportLimits(max_total_uncompressed_bytes=10_000_000)
    (outcome,) = read_bytes(bomb, "bomb.zip", limits)
    assert outcome.status is OutcomeStatus.FAILED
    assert "over the limit" in outcome.message


def test_gzip_members_count_towards_the_total_uncompressed_size() -> None:
    big = gzip.compress(b"<gpx>" + b" " * 3_000_000)
    data = _zip({f"activities/{i}.gpx.gz": big for i in range(5)})
    limits = ImportLimits(max_total_uncompressed_bytes=7_000_000)
    statuses = [o.status for o in read_bytes(data, "gz.zip", limits)]
    assert statuses[-1] is OutcomeStatus.FAILED
    outcomes = list(read_bytes(data, "gz.zip", limits))
    assert "limit" in outcomes[-1].message


def test_nested_zip_bomb_is_stopped_by_nesting_depth() -> None:
    data = RUN_FIT
    for level in range(6):
        data = _zip({f"level{level}.zip" if level else "a.fit": data})
    outcomes = list(read_bytes(data, "deep.zip", ImportLimits(max_nesting=3)))
    assert [o.status for o in outcomes] == [OutcomeStatus.FAILED]
    assert "nested deeper" in outcomes[0].message


@pytest.mark.parametrize(
    "name", ["../evil.fit", "a/../../evil.fit", "/etc/evil.fit", "C:/x.fit", "..\\x.fit"]
)
def test_path_traversal_names_are_rejected(name: str) -> None:
    assert unsafe_name(name)
    data = _zip({name: RUN_FIT, "good.fit": RUN_FIT})
    outcomes = {o.name.split("!", 1)[1]: o for o in read_bytes(data, "evil.zip")}
    assert outcomes[name].status is OutcomeStatus.FAILED
    assert "unsafe path" in outcomes[name].message
    assert outcomes["good.fit"].status is OutcomeStatus.OK


def test_oversize_member_and_file_via_a_small_limit(tmp_path: Path) -> None:
    limits = ImportLimits(max_file_bytes=50_000)
    data = _zip({"big.fit": RUN_FIT, "small.fit": run_file(10)})
    outcomes = {o.name: o for o in read_bytes(data, "a.zip", limits)}
    assert outcomes["a.zip!big.fit"].status is OutcomeStatus.FAILED
    assert "over the limit" in outcomes["a.zip!big.fit"].message
    assert outcomes["a.zip!small.fit"].status is OutcomeStatus.OK
    big = tmp_path / "big.fit"
    big.write_bytes(RUN_FIT)
    (outcome,) = read_path(big, limits)
    assert outcome.status is OutcomeStatus.FAILED
    assert isinstance(outcome.error, LimitExceededError)


def test_sparse_2gb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.fit"
    with huge.open("wb") as handle:
        handle.write(RUN_FIT[:14])
        handle.seek(2 * 1024**3)
        handle.write(b"\0")
    (outcome,) = read_path(huge)
    assert outcome.status is OutcomeStatus.FAILED
    assert "over the limit" in outcome.message


def test_wrong_extension_is_read_by_content_with_a_note() -> None:
    (outcome,) = read_bytes(RUN_FIT, "actually-fit.gpx")
    assert outcome.status is OutcomeStatus.OK
    assert "named as GPX but holds FIT" in outcome.message


def test_unknown_content_fails_with_a_clear_error() -> None:
    (outcome,) = read_bytes(b"%PDF-1.7 ...", "notes.fit")
    assert outcome.status is OutcomeStatus.FAILED
    assert "not a FIT, GPX or TCX" in outcome.message


def test_folder_is_read_recursively_and_bad_files_do_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "2024" / "05").mkdir(parents=True)
    (tmp_path / "2024" / "05" / "run.fit").write_bytes(RUN_FIT)
    (tmp_path / "2024" / "empty.fit").write_bytes(b"")
    (tmp_path / "track.gpx.gz").write_bytes(gzip.compress(GPX))
    (tmp_path / "README.txt").write_text("not an activity")
    (tmp_path / ".hidden.fit").write_bytes(RUN_FIT)
    (tmp_path / "workout.fit").write_bytes(
        (ACTIVITIES_DIR / "python-fitparse/WorkoutRepeatSteps.fit").read_bytes()
    )
    outcomes = {Path(o.name).name: o.status for o in read_path(tmp_path)}
    assert outcomes == {
        "run.fit": OutcomeStatus.OK,
        "empty.fit": OutcomeStatus.FAILED,
        "track.gpx": OutcomeStatus.OK,
        "workout.fit": OutcomeStatus.SKIPPED,
    }


def test_zip_on_disk_is_read_member_by_member(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(_zip({"a.fit": RUN_FIT, "b.gpx": GPX, "c.fit": b""}))
    statuses = [o.status for o in read_path(path)]
    assert statuses == [OutcomeStatus.OK, OutcomeStatus.OK, OutcomeStatus.FAILED]


def test_broken_zip_fails_cleanly() -> None:
    data = _zip({"a.fit": RUN_FIT})[:-30]
    (outcome,) = read_bytes(data, "cut.zip")
    assert outcome.status is OutcomeStatus.FAILED
    assert "zip" in outcome.message
