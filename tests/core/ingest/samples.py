"""Shared paths for ingest tests: only ``tests/data`` is ever read, never /work/shared."""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
ACTIVITIES_DIR = DATA_DIR / "activities"


def manifest_rows() -> list[dict[str, str]]:
    with (DATA_DIR / "MANIFEST.tsv").open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def sample_paths(fmt: str) -> list[Path]:
    """Copied sample files of one format (``FIT``, ``GPX``, ``TCX``), in manifest order."""
    return [ACTIVITIES_DIR / row["file"] for row in manifest_rows() if row["fmt"] == fmt]
