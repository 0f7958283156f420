"""Import speed: our FIT decode path against garmin-fit-sdk and fitdecode, in one run.

Builds a bulk archive by replicating the real sample FIT files in ``tests/data`` with
their times shifted (one activity every ~day), then measures, in this process:

- records/s of our decode path (file bytes -> Activity with streams, summary and laps),
- records/s of garmin-fit-sdk (default options) and fitdecode (CRC checked, every value
  read) on a subset (they are ~100x slower), and the ratio,
- the core end-to-end read of the archive (zip -> per-file outcomes, no database),
- that a truncated file still yields every record before the fault, as fitdecode does,
- peak RSS of the process.

Run: ``.venv/bin/python bench/import_bench.py [--activities N] [--baseline-activities K]``.
``build_archive(tmpdir, n_activities)`` is reused by the end-to-end database benchmark.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import fitdecode
from garmin_fit_sdk import Decoder, Stream

from backstride.ingest import OutcomeStatus, read_path
from backstride.ingest.fit import parse_fit
from backstride.ingest.fit_edit import shift_fit_times

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "activities"
SAMPLE_FILES = (
    "python-fitparse/activity-small-fenix2-run.fit",
    "python-fitparse/developer-types-sample.fit",
    "garmin-fit-python-sdk/ActivityDevFields.fit",
    "python-fitparse/sample-activity.fit",
    "python-fitparse/event_timestamp.fit",
    "python-fitparse/null_compressed_speed_dist.fit",
    "python-fitparse/2015-10-13-08-43-15.fit",
    "python-fitparse/activity-large-fenxi2-multisport.fit",
)
"""Clean activity files with records, of several devices and message layouts."""
DAY_S = 86_400


def _samples() -> list[bytes]:
    return [(SAMPLES_DIR / name).read_bytes() for name in SAMPLE_FILES]


def build_archive(tmpdir: Path, n_activities: int) -> Path:
    """Write ``n_activities`` FIT files into a Strava-style export zip; return its path.

    Activity ``i`` is sample ``i % len(samples)`` moved ``i`` days later, so every file
    has a distinct hash and start time (no two are duplicates of each other).
    """
    samples = _samples()
    path = tmpdir / f"export_{n_activities}.zip"
    rows = [["Activity ID", "Activity Type", "Filename"]]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for i in range(n_activities):
            name = f"activities/{i + 1}.fit"
            archive.writestr(name, shift_fit_times(samples[i % len(samples)], (i + 1) * DAY_S))
            rows.append([str(i + 1), "Run", name])
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        archive.writestr("activities.csv", text.getvalue())
    return path


def _members(path: Path, limit: int | None = None) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.endswith(".fit")][:limit]
        return [archive.read(n) for n in names]


def _decode_archive(path: Path) -> tuple[int, int, float]:
    """(files, records, seconds) of our decode over every member, read one at a time."""
    files = records = 0
    seconds = 0.0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".fit"):
                data = archive.read(name)
                start = time.perf_counter()
                records += _ours(data)
                seconds += time.perf_counter() - start
                files += 1
    return files, records, seconds


def _ours(data: bytes) -> int:
    return parse_fit(data, source="bench.fit").records


def _sdk(data: bytes) -> int:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    if errors:
        raise RuntimeError(errors)
    return len(messages.get("record_mesgs", []))


def _fitdecode(data: bytes) -> int:
    count = 0
    with fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                values = [field.value for field in frame.fields]
                count += frame.name == "record" and bool(values)
    return count


def _rate(decode: Callable[[bytes], int], files: list[bytes], repeats: int) -> tuple[int, float]:
    """(records per pass, best seconds per pass) over ``repeats`` passes."""
    best = float("inf")
    records = 0
    for _ in range(repeats):
        start = time.perf_counter()
        records = sum(decode(data) for data in files)
        best = min(best, time.perf_counter() - start)
    return records, best


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _truncation_check(files: list[bytes]) -> str:
    data = files[0][: len(files[0]) * 2 // 3]
    ours = parse_fit(data, source="truncated.fit")
    theirs = 0
    try:
        with fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.DISABLED) as reader:
            for frame in reader:
                is_record = isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record"
                theirs += is_record
    except fitdecode.FitError:
        pass
    same = "same" if ours.records == theirs else "DIFFERENT"
    return f"ours {ours.records} records (flagged: {ours.recovered}), fitdecode {theirs}: {same}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=3000)
    parser.add_argument(
        "--baseline-activities",
        type=int,
        default=16,
        help="the first K activities are decoded by all three decoders (the others are slow)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="best of N passes on the subset")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="backstride-bench-") as tmp:
        start = time.perf_counter()
        archive = build_archive(Path(tmp), args.activities)
        size_mb = archive.stat().st_size / 1e6
        print(
            f"archive: {args.activities} activities, {size_mb:.0f} MB, "
            f"built in {time.perf_counter() - start:.1f} s"
        )
        n_files, ours_records, ours_s = _decode_archive(archive)
        ours_rate = ours_records / ours_s
        print(
            f"ours, parse_fit on all {n_files} files: {ours_records:,} records in {ours_s:.2f} s "
            f"= {ours_rate:,.0f} records/s"
        )
        rss_ours = _peak_rss_mb()
        start = time.perf_counter()
        ok = total = 0
        for outcome in read_path(archive):
            total += 1
            ok += outcome.status is OutcomeStatus.OK
        e2e_s = time.perf_counter() - start
        print(
            f"core end-to-end read_path(zip), no database: {ok}/{total} ok in {e2e_s:.2f} s "
            f"({total / e2e_s:,.0f} files/s)"
        )
        files = _members(archive, args.baseline_activities)
        sub_records, sub_ours_s = _rate(_ours, files, args.repeats)
        sub_rate = sub_records / sub_ours_s
        print(
            f"subset of {len(files)} files, {sub_records:,} records: ours {sub_rate:,.0f} records/s"
        )
        for label, decode in (("garmin-fit-sdk", _sdk), ("fitdecode", _fitdecode)):
            records, seconds = _rate(decode, files, 1)
            rate = records / seconds
            same = "" if records == sub_records else f" (counted {records:,} records)"
            print(
                f"  {label}: {rate:,.0f} records/s{same}; ours is {sub_rate / rate:.0f}x faster "
                f"on the same files"
            )
        print(f"truncated file: {_truncation_check(files)}")
        print(f"peak RSS: {rss_ours:.0f} MB after our decode, {_peak_rss_mb():.0f} MB at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
