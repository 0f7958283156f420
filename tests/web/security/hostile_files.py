"""Build a corpus of hostile and broken input files in a folder (used by the test beside it).

Every file is made here from a good sample or from scratch, so the corpus needs no
downloads and can be regenerated: truncations and bit flips of real FIT/GPX/TCX files,
XML entity bombs and external entities, zip bombs (by ratio and by count), path-traversal
and absolute names in archives, nested zips beyond the limit, fake and wrong-extension
files, huge FIT headers, and videos that are not videos.
"""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
FIT = DATA / "activities" / "python-fitparse" / "activity-small-fenix2-run.fit"
GPX = DATA / "activities" / "gpxpy" / "gpx_with_garmin_extension.gpx"
TCX = DATA / "activities" / "tcxreader" / "cross-country-skiing_activity_1.tcx"

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<gpx version="1.1"><trk><name>&lol3;</name><trkseg/></trk></gpx>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&x;</Id></Activity></Activities>
</TrainingCenterDatabase>"""


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def build(folder: Path, *, seed: int = 7) -> list[Path]:
    """Write the corpus into ``folder``; return the paths (at least 50)."""
    rng = random.Random(seed)
    fit, gpx, tcx = FIT.read_bytes(), GPX.read_bytes(), TCX.read_bytes()
    files: dict[str, bytes] = {"empty.fit": b"", "one-byte.fit": b"\x0e"}
    for fraction in (0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
        files[f"truncated-{fraction}.fit"] = fit[: int(len(fit) * fraction)]
        files[f"truncated-{fraction}.gpx"] = gpx[: int(len(gpx) * fraction)]
        files[f"truncated-{fraction}.tcx"] = tcx[: int(len(tcx) * fraction)]
    for number in range(10):
        flipped = bytearray(fit)
        for _ in range(1 + number * 3):
            position = rng.randrange(len(flipped))
            flipped[position] ^= 1 << rng.randrange(8)
        files[f"bit-flips-{number}.fit"] = bytes(flipped)
    header = bytearray(fit[:14])
    header[0] = 255  # a header that claims to be 255 bytes long
    files["huge-header.fit"] = bytes(header) + fit[14:]
    files["data-size-lie.fit"] = fit[:4] + struct.pack("<I", 2**31) + fit[8:]
    files["entity-bomb.gpx"] = ENTITY_BOMB
    files["external-entity.tcx"] = EXTERNAL_ENTITY
    files["not-xml.gpx"] = b"\x00\xff" * 500
    files["fit-named.gpx"] = fit
    files["video.fit"] = b"\x00\x00\x00\x18ftypmp42" + bytes(2000)
    files["fake-video.mp4.fit"] = b"RIFF....AVI LIST" + bytes(500)
    files["text.tcx"] = b"just some notes, not a training file"
    files["gzip-of-garbage.fit.gz"] = gzip.compress(b"garbage" * 100)
    files["truncated-gzip.gpx.gz"] = gzip.compress(gpx)[:200]
    files["zip-bomb-ratio.zip"] = _zip({"activities/big.fit": bytes(300 * 1024 * 1024)})
    files["zip-bomb-count.zip"] = _zip({f"activities/{i}.fit": b"" for i in range(400)})
    files["traversal.zip"] = _zip({"../../etc/evil.fit": fit, "/absolute.fit": fit})
    nested = fit
    for depth in range(6):
        nested = _zip({f"level{depth}.zip" if depth else "run.fit": nested})
    files["nested-too-deep.zip"] = nested
    files["broken.zip"] = _zip({"run.fit": fit})[:-30]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths
