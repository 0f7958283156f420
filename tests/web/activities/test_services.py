from __future__ import annotations

from pathlib import Path

import pytest

from backstride.fit_write import encode_activity
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity, ActivityStreams
from backstride_web.activities.services import import_paths, load_streams
from tests.web.activities.conftest import (
    RUN_FIT,
    TRUNCATED_FIT,
    WORKOUT_FIT,
    gpx_of,
    simulated_run,
)


def test_a_real_fit_run_is_stored_with_streams_and_derived_figures(runner: User) -> None:
    [result] = import_paths(runner, [RUN_FIT])
    assert result.status == "imported"
    activity = Activity.objects.get(pk=result.activity_id)
    assert activity.sport == "running"
    assert activity.samples == result.samples > 100
    assert activity.distance_m == pytest.approx(result.distance_m, abs=0.1)
    assert activity.warmup_s is not None
    assert activity.longest_continuous_s is not None
    streams = load_streams(activity)
    assert len(streams) == activity.samples
    assert streams.heart_rate_bpm is not None


def test_the_same_file_twice_is_a_no_op(runner: User) -> None:
    first = list(import_paths(runner, [RUN_FIT]))
    second = list(import_paths(runner, [RUN_FIT]))
    assert second[0].status == "duplicate"
    assert second[0].activity_id == first[0].activity_id
    assert Activity.objects.count() == 1


def test_the_same_run_as_fit_and_gpx_is_kept_once(runner: User, tmp_path: Path) -> None:
    run = simulated_run()
    (tmp_path / "run.fit").write_bytes(encode_activity(run))
    (tmp_path / "run.gpx").write_bytes(gpx_of(run))
    results = list(import_paths(runner, [tmp_path / "run.fit", tmp_path / "run.gpx"]))
    assert [r.status for r in results] == ["imported", "duplicate"]
    assert Activity.objects.count() == 1


def test_another_runner_may_import_the_same_file(runner: User, stranger: User) -> None:
    list(import_paths(runner, [RUN_FIT]))
    [result] = import_paths(stranger, [RUN_FIT])
    assert result.status == "imported"


def test_a_truncated_file_is_imported_with_a_warning(runner: User) -> None:
    [result] = import_paths(runner, [TRUNCATED_FIT])
    assert result.status == "imported"
    assert result.warning
    assert Activity.objects.get().warnings


def test_a_bad_file_fails_alone_and_leaves_no_rows(runner: User, tmp_path: Path) -> None:
    empty = tmp_path / "empty.fit"
    empty.write_bytes(b"")
    garbage = tmp_path / "notes.gpx"
    garbage.write_bytes(b"<?xml version='1.0'?><gpx><trk><trkseg><trkpt lat='1'")
    results = {Path(r.file).name: r for r in import_paths(runner, [empty, garbage, RUN_FIT])}
    assert results["empty.fit"].status == "failed"
    assert "empty" in (results["empty.fit"].error or "")
    assert results["notes.gpx"].status == "failed"
    assert results["activity-small-fenix2-run.fit"].status == "imported"
    assert Activity.objects.count() == ActivityStreams.objects.count() == 1


def test_a_workout_file_is_skipped_not_failed(runner: User) -> None:
    [result] = import_paths(runner, [WORKOUT_FIT])
    assert result.status == "skipped"
    assert "workout" in (result.error or "")


def test_a_folder_is_read_recursively(runner: User) -> None:
    results = list(import_paths(runner, [RUN_FIT.parent.parent / "gpxpy"]))
    assert results
    assert {r.status for r in results} <= {"imported", "duplicate", "failed", "skipped"}
    assert Activity.objects.filter(source_format="gpx").exists()


def test_stopping_early_stops_the_read_ahead_thread(runner: User) -> None:
    import threading

    results = import_paths(runner, [RUN_FIT.parent], read_ahead=1)
    first = next(results)
    results.close()
    assert first.status in {"imported", "skipped", "failed", "duplicate"}
    assert not any(t.name == "import-read-ahead" for t in threading.enumerate())


def test_a_crash_while_reading_reaches_the_caller(runner: User, tmp_path: Path) -> None:
    from unittest import mock

    with (
        mock.patch(
            "backstride_web.activities.services.read_path", side_effect=RuntimeError("disk gone")
        ),
        pytest.raises(RuntimeError, match="disk gone"),
    ):
        list(import_paths(runner, [tmp_path]))
