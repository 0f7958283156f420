"""Activity files in, core dataclasses out: FIT, GPX, TCX, gzip and export archives.

Public API (what the web layer and the CLI call)::

    read_path(path, limits) -> Iterator[FileOutcome]     # files, folders, archives
    read_bytes(data, name, limits) -> Iterator[FileOutcome]   # an upload in memory
    parse_activity(data, source=name) -> ParseResult     # one file; raises InputError

Each decoder sits behind the same seam, ``parse_<format>(data, *, source) -> ParseResult``.
"""

from backstride.ingest.detect import Format, sniff
from backstride.ingest.fit import parse_fit
from backstride.ingest.gpx import parse_gpx
from backstride.ingest.limits import ImportLimits
from backstride.ingest.outcome import FileOutcome, NotAnActivityError, OutcomeStatus
from backstride.ingest.reader import parse_activity, read_bytes, read_file, read_path
from backstride.ingest.tcx import parse_tcx

__all__ = [
    "FileOutcome",
    "Format",
    "ImportLimits",
    "NotAnActivityError",
    "OutcomeStatus",
    "parse_activity",
    "parse_fit",
    "parse_gpx",
    "parse_tcx",
    "read_bytes",
    "read_file",
    "read_path",
    "sniff",
]
