"""A hostile-file corpus (built by hostile_files.py) goes through the real import path:
every file gets a clean per-file answer naming it, nothing crashes, no partial rows."""

from __future__ import annotations

from pathlib import Path

from django.test import override_settings

from backstride.ingest import ImportLimits
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity, ActivityStreams
from backstride_web.activities.services import import_paths
from tests.web.security.hostile_files import build

LIMITS = ImportLimits(
    max_file_bytes=50 * 1024 * 1024,
    max_archive_bytes=64 * 1024 * 1024,
    max_total_uncompressed_bytes=100 * 1024 * 1024,
    max_files=200,
    max_nesting=3,
)


@override_settings(IMPORT_MAX_FILES=200)
def test_every_hostile_file_gets_a_clean_answer_and_no_partial_rows(
    runner: User, tmp_path: Path
) -> None:
    paths = build(tmp_path / "corpus")
    assert len(paths) >= 50
    results = list(import_paths(runner, paths, limits=LIMITS))

    def outer(name: str) -> str:  # a gzip's outcome is named after its content
        return Path(name.split("!", 1)[0]).name.removesuffix(".gz")

    named = {outer(r.file) for r in results}
    assert named == {outer(p.name) for p in paths}, "every file gets at least one answer"
    for result in results:
        assert result.status in {"imported", "duplicate", "failed", "skipped"}, result
        if result.status in {"failed", "skipped"}:
            assert result.error, f"{result.file}: no message"
            assert "Traceback" not in result.error
    by_name = {outer(r.file): r for r in results}
    assert by_name["entity-bomb.gpx"].status == "failed"
    assert by_name["external-entity.tcx"].status == "failed"
    assert by_name["zip-bomb-ratio.zip"].status == "failed"
    assert by_name["nested-too-deep.zip"].status == "failed"
    assert by_name["empty.fit"].status == "failed"
    zipped = str(tmp_path / "corpus" / "traversal.zip")
    traversal = [r for r in results if r.file.startswith(zipped)]
    assert traversal
    assert all(r.status == "failed" for r in traversal)
    imported = [r for r in results if r.status == "imported"]
    assert all(r.warning for r in imported if "truncated" in r.file or "bit-flips" in r.file)
    assert Activity.objects.count() == ActivityStreams.objects.count() == len(imported)
    assert not (tmp_path / "etc").exists()
