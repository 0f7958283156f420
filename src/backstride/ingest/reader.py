"""The one entry point of import: paths or bytes in, one :class:`FileOutcome` per file out.

Files, folders (recursively) and archives are all handled here, and every file gets its
own outcome, so a bad file never spoils the rest. Formats are recognised by content, not
by extension; a misleading extension only adds a warning.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from backstride.errors import InputError, LimitExceededError, UnsupportedFormatError
from backstride.ingest.archive import ACTIVITY_SUFFIXES, Budget, gunzip, iter_zip
from backstride.ingest.detect import SNIFF_BYTES, Format, extension_format, sniff
from backstride.ingest.fit import parse_fit
from backstride.ingest.gpx import parse_gpx
from backstride.ingest.limits import ImportLimits
from backstride.ingest.outcome import FileOutcome, OutcomeStatus
from backstride.ingest.tcx import parse_tcx
from backstride.model import ParseResult

_DEFAULT_LIMITS = ImportLimits()


def parse_activity(data: bytes, *, source: str, sport_hint: str | None = None) -> ParseResult:
    """Decode one FIT, GPX or TCX file held in memory; raise an InputError if it fails.

    ``sport_hint`` (e.g. from Strava's activities.csv) is used when the file itself does
    not name a sport.
    """
    fmt = sniff(data[:SNIFF_BYTES])
    sha256 = hashlib.sha256(data).hexdigest()
    if fmt is Format.FIT:
        result = parse_fit(data, source=source, sha256=sha256)
    elif fmt is Format.GPX:
        result = parse_gpx(data, source=source, sha256=sha256, default_sport=sport_hint)
    elif fmt is Format.TCX:
        result = parse_tcx(data, source=source, sha256=sha256, default_sport=sport_hint)
    elif not data:
        raise UnsupportedFormatError("empty file (0 bytes)", source=source)
    else:
        raise UnsupportedFormatError(
            "not a FIT, GPX or TCX file (nor a zip or gzip of them)", source=source
        )
    claimed = extension_format(source.rsplit("!", 1)[-1])
    if claimed is not None and claimed is not Format.GZIP and claimed is not fmt:
        note = f"the file is named as {claimed.value.upper()} but holds {fmt.value.upper()}"
        result = replace(result, warnings=(*result.warnings, note))
    return result


def _outcome(data: bytes, name: str, sport_hint: str | None) -> FileOutcome:
    try:
        result = parse_activity(data, source=name, sport_hint=sport_hint)
    except InputError as exc:
        return FileOutcome.from_error(name, exc)
    except Exception as exc:  # a decoder bug must not stop the other files
        return FileOutcome.from_error(
            name, UnsupportedFormatError(f"could not be decoded ({type(exc).__name__}: {exc})")
        )
    return FileOutcome(name, OutcomeStatus.OK, result=result)


def read_bytes(
    data: bytes,
    name: str,
    limits: ImportLimits = _DEFAULT_LIMITS,
    *,
    sport_hint: str | None = None,
    _budget: Budget | None = None,
    _depth: int = 0,
) -> Iterator[FileOutcome]:
    """Outcomes for content already in memory (an upload): a file, a gzip or a zip."""
    budget = _budget if _budget is not None else Budget()
    fmt = sniff(data[:SNIFF_BYTES])
    if fmt in (Format.GZIP, Format.ZIP) and _depth >= limits.max_nesting:
        error = LimitExceededError(f"archives nested deeper than {limits.max_nesting} levels")
        yield FileOutcome.from_error(name, error)
        return
    if fmt is Format.GZIP:
        try:
            inner = gunzip(data, source=name, limits=limits)
        except InputError as exc:
            yield FileOutcome.from_error(name, exc)
            return
        budget.read_bytes += len(inner)
        if budget.read_bytes > limits.max_total_uncompressed_bytes:
            total = limits.max_total_uncompressed_bytes
            error = LimitExceededError(f"decompressed bytes of this input passed {total:,} (limit)")
            yield FileOutcome.from_error(name, error)
            return
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        yield from read_bytes(
            inner, inner_name, limits, sport_hint=sport_hint, _budget=budget, _depth=_depth + 1
        )
        return
    if fmt is Format.ZIP:
        yield from _read_zip(io.BytesIO(data), name, limits, budget, _depth)
        return
    yield _outcome(data, name, sport_hint)


def _read_zip(
    stream: IO[bytes],
    name: str,
    limits: ImportLimits,
    budget: Budget,
    depth: int,
) -> Iterator[FileOutcome]:
    try:
        for member in iter_zip(stream, source=name, limits=limits, budget=budget):
            member_name = f"{name}!{member.name}"
            if member.error is not None:
                yield FileOutcome.from_error(member_name, member.error)
                continue
            yield from read_bytes(
                member.data,
                member_name,
                limits,
                sport_hint=member.sport_hint,
                _budget=budget,
                _depth=depth + 1,
            )
    except InputError as exc:
        yield FileOutcome.from_error(name, exc)


def read_file(path: Path, limits: ImportLimits = _DEFAULT_LIMITS) -> Iterator[FileOutcome]:
    """Outcomes for one file on disk; zips are read member by member, never whole."""
    name = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            if sniff(head) is Format.ZIP:
                if size > limits.max_archive_bytes:
                    raise LimitExceededError(
                        f"archive of {size:,} bytes is over the limit of "
                        f"{limits.max_archive_bytes:,}"
                    )
                handle.seek(0)
                yield from _read_zip(handle, name, limits, Budget(), 0)
                return
            if size > limits.max_file_bytes:
                raise LimitExceededError(
                    f"file of {size:,} bytes is over the limit of {limits.max_file_bytes:,}"
                )
            data = head + handle.read()
    except InputError as exc:
        yield FileOutcome.from_error(name, exc)
        return
    except OSError as exc:
        yield FileOutcome.from_error(name, UnsupportedFormatError(f"cannot be read: {exc}"))
        return
    yield from read_bytes(data, name, limits)


def _looks_importable(path: Path) -> bool:
    if path.name.lower().endswith(ACTIVITY_SUFFIXES):
        return True
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(SNIFF_BYTES)) is not None
    except OSError:
        return False


def read_path(path: Path | str, limits: ImportLimits = _DEFAULT_LIMITS) -> Iterator[FileOutcome]:
    """Outcomes for a file, an archive or a folder (recursively, in name order).

    In a folder, hidden files and files that are neither named nor shaped like an
    activity or archive are passed over silently; a file named explicitly always gets an
    outcome.
    """
    root = Path(path)
    if not root.is_dir():
        yield from read_file(root, limits)
        return
    for candidate in sorted(root.rglob("*")):
        hidden = candidate.name.startswith(".")
        if candidate.is_file() and not hidden and _looks_importable(candidate):
            yield from read_file(candidate, limits)
