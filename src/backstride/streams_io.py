"""Pack an activity's streams into one compact blob, and back.

One blob per activity keeps the activities table light (lists and dashboards never load
samples) while a chart or an analysis loads all channels with one read. Layout::

    b"BSS1" | uint32 header length | JSON header | zlib(channel bytes, in header order)

Channels that need the precision (time, distance, coordinates) stay float64; the others
(speed, heart rate, cadence, altitude, power) are stored as float32, which keeps 7
significant digits, far finer than any sensor, at half the size.
"""

from __future__ import annotations

import json
import struct
import zlib
from typing import Final

import numpy as np

from backstride.errors import CorruptFileError
from backstride.model import Streams

MAGIC: Final = b"BSS1"
_PRECISE: Final = frozenset({"time_s", "distance_m", "lat_deg", "lon_deg"})


def pack_streams(streams: Streams, *, level: int = 1) -> bytes:
    """Serialise ``streams``; ``level`` is zlib's (1 is fast and shrinks samples ~3x)."""
    header: list[dict[str, str | int]] = []
    chunks: list[bytes] = []
    for name, values in streams.channels().items():
        dtype = "<f8" if name in _PRECISE else "<f4"
        header.append({"name": name, "dtype": dtype})
        chunks.append(np.ascontiguousarray(values, dtype=dtype).tobytes())
    head = json.dumps({"n": len(streams), "channels": header}).encode()
    return MAGIC + struct.pack("<I", len(head)) + head + zlib.compress(b"".join(chunks), level)


def unpack_streams(blob: bytes) -> Streams:
    """Inverse of :func:`pack_streams`; a damaged blob raises CorruptFileError."""
    if blob[:4] != MAGIC or len(blob) < 8:
        raise CorruptFileError("not a backstride streams blob", source="streams")
    (head_len,) = struct.unpack_from("<I", blob, 4)
    try:
        header = json.loads(blob[8 : 8 + head_len])
        payload = zlib.decompress(blob[8 + head_len :])
    except (ValueError, zlib.error) as exc:
        raise CorruptFileError(f"damaged streams blob: {exc}", source="streams") from None
    n = int(header["n"])
    channels: dict[str, np.ndarray] = {}
    offset = 0
    for channel in header["channels"]:
        dtype = np.dtype(channel["dtype"])
        size = n * dtype.itemsize
        if offset + size > len(payload):
            raise CorruptFileError("damaged streams blob: too short", source="streams")
        raw = np.frombuffer(payload, dtype=dtype, count=n, offset=offset)
        channels[channel["name"]] = raw.astype(np.float64)
        offset += size
    return Streams.from_channels(channels)
