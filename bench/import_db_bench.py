"""End-to-end import: a bulk archive into a fresh SQLite database, against fitdecode.

DESIGN.md §7 target: a 3,000-activity bulk archive (~10 M samples) imports in < 30 s on
2 cores, at ≥ 5x the records/s of a plain fitdecode loop measured in the same run, with
peak memory < 500 MB. This script

1. builds the archive with ``import_bench.build_archive`` (real sample files, shifted),
2. measures a plain fitdecode loop (read every record) on a subset: the baseline rate,
3. runs ``backstride import ARCHIVE --user ... --json`` in a child process on a fresh
   BACKSTRIDE_HOME (SQLite, migrated first) and times it, reading the child's peak RSS,
4. prints records, seconds, records/s, the ratio to the baseline, and each target.

Run: ``.venv/bin/python bench/import_db_bench.py [--activities 3000] [--baseline-files 40]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import fitdecode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_bench import build_archive

SETUP = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "backstride_web.config.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from backstride_web.accounts.services import create_account
create_account(email="bench@example.org", password=None)
"""

IMPORT = """
import resource, sys
from backstride.cli import app
try:
    app(["import", sys.argv[1], "--user", "bench@example.org", "--json"])
except SystemExit as stop:
    code = stop.code
else:
    code = 0
print(f"PEAK_RSS_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


def fitdecode_rate(archive: Path, files: int) -> float:
    """Records per second of a plain fitdecode loop over the first ``files`` members."""
    records = 0
    seconds = 0.0
    with zipfile.ZipFile(archive) as bundle:
        names = [n for n in bundle.namelist() if n.endswith(".fit")][:files]
        for name in names:
            data = bundle.read(name)
            start = time.perf_counter()
            with fitdecode.FitReader(data) as reader:
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                        records += 1
            seconds += time.perf_counter() - start
    return records / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=3000)
    parser.add_argument("--baseline-files", type=int, default=40)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="backstride-bench-") as tmp:
        root = Path(tmp)
        archive = build_archive(root, args.activities)
        baseline = fitdecode_rate(archive, args.baseline_files)
        env = {**os.environ, "BACKSTRIDE_HOME": str(root / "home")}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-c", SETUP], env=env, check=True)
        start = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-c", IMPORT, str(archive)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        rows = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
        peak_kb = next(
            int(line.split()[1])
            for line in child.stderr.splitlines()
            if line.startswith("PEAK_RSS_KB")
        )

    imported = sum(1 for row in rows if row["status"] == "imported")
    failed = [row for row in rows if row["status"] == "failed"]
    samples = sum(row["samples"] or 0 for row in rows)
    rate = samples / seconds
    ratio = rate / baseline
    peak_mb = peak_kb / 1024
    print(f"archive           {args.activities} activities, {samples:,} samples")
    print(f"fitdecode loop    {baseline:,.0f} records/s (first {args.baseline_files} files)")
    print(
        f"backstride import {seconds:.1f} s end to end into SQLite, {rate:,.0f} records/s, "
        f"{imported} imported, {len(failed)} failed"
    )
    print(f"ratio             {ratio:.1f}x fitdecode (target >= 5x)")
    print(f"peak RSS          {peak_mb:.0f} MB (target < 500 MB)")
    targets = {
        "end to end < 30 s (at 3,000 activities)": args.activities < 3000 or seconds < 30,
        ">= 5x fitdecode": ratio >= 5,
        "peak RSS < 500 MB": peak_mb < 500,
        "no failed file": not failed and child.returncode == 0,
    }
    for name, ok in targets.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
