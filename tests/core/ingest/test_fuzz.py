"""Fuzzing the GPX, TCX, gzip and zip readers with damaged real files.

The import pipeline turns any unexpected exception into a per-file error so that one bad
file cannot stop a bulk import; that safety net would hide decoder bugs from a fuzzer. So
the decoders are called directly here: the only exception they may raise is
:class:`InputError`, with a message that names the file. For the archive layer the test
checks that no outcome came from the safety net ("could not be decoded (TypeError: ...").
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.errors import InputError
from backstride.ingest.reader import parse_activity, read_bytes

DATA = Path(__file__).parents[2] / "data" / "activities"
GPX = (DATA / "gpxpy" / "gpx_with_garmin_extension.gpx").read_bytes()
TCX = (DATA / "tcxreader" / "cross-country-skiing_activity_1.tcx").read_bytes()[:60_000]
FIT = (DATA / "python-fitparse" / "activity-small-fenix2-run.fit").read_bytes()

FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

SAFETY_NET = "could not be decoded ("


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """Truncate, flip bytes, delete or duplicate a slice of ``original``."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "delete", "repeat", "insert"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at:]
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
    return bytes(data)


def _parses_or_refuses_cleanly(data: bytes, name: str) -> None:
    error: InputError | None = None
    try:
        result = parse_activity(data, source=name)
    except InputError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith(name), f"the error must name the file: {error}"
    else:
        assert result.activity.streams.time_s.size >= 0


@FUZZ
@given(data=damaged(GPX))
def test_damaged_gpx_parses_or_is_refused_with_a_clean_error(data: bytes) -> None:
    _parses_or_refuses_cleanly(data, "run.gpx")


@FUZZ
@given(data=damaged(TCX))
def test_damaged_tcx_parses_or_is_refused_with_a_clean_error(data: bytes) -> None:
    _parses_or_refuses_cleanly(data, "run.tcx")


@FUZZ
@given(data=damaged(FIT))
def test_damaged_fit_parses_or_is_refused_with_a_clean_error(data: bytes) -> None:
    _parses_or_refuses_cleanly(data, "run.fit")


@FUZZ
@given(data=st.binary(max_size=2_000))
def test_random_bytes_are_refused_with_a_clean_error(data: bytes) -> None:
    _parses_or_refuses_cleanly(data, "noise.bin")


def _zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in members.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


STRAVA_CSV = (
    b"Activity ID,Activity Type,Filename\n1,Run,activities/1.gpx\n2,Run,activities/2.fit.gz\n"
)
ARCHIVE = _zip_of(
    {
        "activities.csv": STRAVA_CSV,
        "activities/1.gpx": GPX,
        "activities/2.fit.gz": gzip.compress(FIT),
    }
)


@FUZZ
@given(data=st.one_of(damaged(ARCHIVE), damaged(gzip.compress(GPX))))
def test_damaged_archives_give_one_clean_outcome_per_file(data: bytes) -> None:
    outcomes = list(read_bytes(data, "export.zip"))
    assert outcomes, "every input gets an answer"
    for outcome in outcomes:
        if outcome.error is not None:
            assert SAFETY_NET not in str(outcome.error), f"a decoder crashed: {outcome.error}"
