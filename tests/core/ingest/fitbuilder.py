"""A minimal FIT writer for tests: build valid and deliberately broken files in code."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from backstride.ingest.fit_crc import crc16_bytewise

FIT_EPOCH_UNIX_S = 631_065_600

# base types: (definition byte, struct code)
UINT8 = (0x02, "B")
SINT8 = (0x01, "b")
ENUM = (0x00, "B")
UINT16 = (0x84, "H")
SINT16 = (0x83, "h")
UINT32 = (0x86, "I")
SINT32 = (0x85, "i")
BYTE3 = (0x0D, "3s")


@dataclass
class FitBuilder:
    """Append definitions and messages, then ``build()`` the file with header and CRCs."""

    body: bytearray = field(default_factory=bytearray)
    layouts: dict[int, tuple[str, bool]] = field(default_factory=dict)

    def define(
        self,
        local: int,
        global_num: int,
        fields: list[tuple[int, tuple[int, str]]],
        *,
        big_endian: bool = False,
        dev_fields: list[tuple[int, int, int]] | None = None,
    ) -> FitBuilder:
        header = 0x40 | local | (0x20 if dev_fields else 0)
        out = bytearray([header, 0, 1 if big_endian else 0])
        out += struct.pack(">H" if big_endian else "<H", global_num)
        out.append(len(fields))
        fmt = ">" if big_endian else "<"
        for num, (base, code) in fields:
            size = struct.calcsize("<" + code)
            out += bytes([num, size, base])
            fmt += code
        if dev_fields:
            out.append(len(dev_fields))
            for num, size, index in dev_fields:
                out += bytes([num, size, index])
                fmt += f"{size}s"
        self.layouts[local] = (fmt, big_endian)
        self.body += out
        return self

    def message(self, local: int, *values: object) -> FitBuilder:
        fmt, _ = self.layouts[local]
        self.body.append(local)
        self.body += struct.pack(fmt, *values)
        return self

    def compressed(self, local: int, time_offset: int, *values: object) -> FitBuilder:
        fmt, _ = self.layouts[local]
        self.body.append(0x80 | (local << 5) | (time_offset & 0x1F))
        self.body += struct.pack(fmt, *values)
        return self

    def raw(self, data: bytes) -> FitBuilder:
        self.body += data
        return self

    def build(self, *, header_size: int = 14) -> bytes:
        header = struct.pack("<BBHI4s", header_size, 0x20, 2132, len(self.body), b".FIT")
        if header_size == 14:
            header += struct.pack("<H", crc16_bytewise(header))
        data = header + bytes(self.body)
        return data + struct.pack("<H", crc16_bytewise(data))


RECORD_FIELDS = [
    (253, UINT32),  # timestamp
    (0, SINT32),  # lat
    (1, SINT32),  # lon
    (5, UINT32),  # distance, cm
    (6, UINT16),  # speed, mm/s
    (3, UINT8),  # heart rate
    (4, UINT8),  # cadence, strides/min
    (53, UINT8),  # fractional cadence, 1/128
    (2, UINT16),  # altitude, (m + 500) * 5
]


def fit_time(unix_s: float) -> int:
    return int(unix_s) - FIT_EPOCH_UNIX_S


def run_file(
    n: int = 600,
    *,
    start_unix_s: int = 1_700_000_000,
    speed_mps: float = 3.0,
    heart_rate: int = 150,
    sport: int = 1,
    sub_sport: int = 0,
    with_gps: bool = True,
) -> bytes:
    """A plausible running activity: file_id, n one-second records, a lap, a session."""
    b = FitBuilder()
    b.define(0, 0, [(0, ENUM), (1, UINT16), (2, UINT16), (4, UINT32)])
    b.message(0, 4, 1, 1234, fit_time(start_unix_s))
    b.define(1, 20, RECORD_FIELDS)
    for i in range(n):
        lat = int((52.0 + i * 1e-5) / (180 / 2**31)) if with_gps else 0x7FFFFFFF
        lon = int(13.0 / (180 / 2**31)) if with_gps else 0x7FFFFFFF
        b.message(
            1,
            fit_time(start_unix_s) + i,
            lat,
            lon,
            int(i * speed_mps * 100),
            int(speed_mps * 1000),
            heart_rate,
            85,
            64,
            (100 + 500) * 5,
        )
    session_fields = [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32)]
    session_fields += [(5, ENUM), (6, ENUM), (16, UINT8), (17, UINT8), (18, UINT8)]
    b.define(2, 19, session_fields[:5])
    end = fit_time(start_unix_s) + n - 1
    b.message(
        2,
        end,
        fit_time(start_unix_s),
        (n - 1) * 1000,
        (n - 1) * 1000,
        int((n - 1) * speed_mps * 100),
    )
    b.define(3, 18, session_fields)
    b.message(
        3,
        end,
        fit_time(start_unix_s),
        (n - 1) * 1000,
        (n - 1) * 1000,
        int((n - 1) * speed_mps * 100),
        sport,
        sub_sport,
        heart_rate,
        heart_rate + 10,
        85,
    )
    b.define(4, 34, [(253, UINT32), (5, UINT32)])
    b.message(4, end, end + 3600)
    return b.build()
