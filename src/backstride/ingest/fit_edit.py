"""Rewrite the times in a FIT file: for benchmarks and demo data built from real files.

Replicating a real recording with its dates moved is the cheapest way to a realistic
multi-year history. Every ``date_time`` field we know of (``timestamp`` in every
message, and the start/creation times of file_id, session, lap and activity) is shifted
and the file CRC is recomputed. Compressed-timestamp headers carry only the low 5 bits
of the time, so the shift must be a multiple of 32 s to keep them consistent.
"""

from __future__ import annotations

import struct

import numpy as np

from backstride.ingest.fit_crc import crc16
from backstride.ingest.fit_decode import decode
from backstride.ingest.fit_profile import (
    FIELD_TIMESTAMP,
    MESG_ACTIVITY,
    MESG_FILE_ID,
    MESG_LAP,
    MESG_SESSION,
)

TIME_FIELDS = {
    MESG_FILE_ID: (4,),  # time_created
    MESG_SESSION: (2,),  # start_time
    MESG_LAP: (2,),  # start_time
    MESG_ACTIVITY: (5,),  # local_timestamp
}
"""Date-time fields besides ``timestamp`` (253), by global message number."""

_INVALID = 0xFFFF_FFFF


def shift_fit_times(data: bytes, shift_s: int) -> bytes:
    """A copy of a well-formed FIT file with every known time moved by ``shift_s`` seconds."""
    if shift_s % 32:
        raise ValueError("shift_s must be a multiple of 32 s (compressed timestamps)")
    result = decode(data, check_crc=False)
    if result.fault is not None or not result.parts:
        raise ValueError(f"cannot shift a damaged FIT file: {result.fault}")
    out = np.frombuffer(bytearray(data), dtype=np.uint8)
    for d in result.messages.definitions():
        fields = (FIELD_TIMESTAMP, *TIME_FIELDS.get(d.global_num, ()))
        offsets = d.offsets()
        for num in fields:
            spec = d.layout.get(num)
            if spec is None or spec[1] != 4 or not len(offsets):
                continue
            dtype = np.dtype(">u4" if d.big_endian else "<u4")
            index = (offsets + spec[0])[:, None] + np.arange(4)
            values = out[index].copy().view(dtype)[:, 0].astype(np.int64)
            valid = values != _INVALID
            values[valid] += shift_s
            out[index] = values.astype(dtype).view(np.uint8).reshape(-1, 4)
    shifted = out.tobytes()
    for part in result.parts:
        end = part.start + part.header_size + part.declared_data_size
        crc = crc16(shifted[part.start : end])
        shifted = shifted[:end] + struct.pack("<H", crc) + shifted[end + 2 :]
    return shifted
