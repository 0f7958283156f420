"""Low-level FIT decoding: find every message with a scan, read field values with numpy.

Why this shape: a FIT file is a stream of small messages whose lengths depend on earlier
definition messages, so message boundaries need a sequential scan, but the values of the
thousands of ``record`` messages that share one definition can be read in one numpy
gather. The scan is a tight Python loop over message headers that remembers, per
definition, where each message's payload starts. Real files repeat a short cycle of
messages (``record`` alone; or ``record, hrv``; or Suunto's definition-before-every-message
pattern): when the scan sees a definition's previous cycle, it checks with one numpy
comparison how many further byte-identical cycles of headers (and definition bytes) follow
and registers them all at once. Identical header bytes at the expected places prove the
parse is identical, so this shortcut never changes the result.

Faults never throw away what was decoded before them: the scan stops at the first fault
(truncation, undefined local message, bad definition) and reports it as a warning with the
byte position; the caller decides whether anything usable remains.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from backstride.ingest.fit_crc import crc16
from backstride.ingest.fit_messages import (
    ATTEMPT_EVERY,
    Definition,
    FitMessages,
    parse_definition,
)
from backstride.ingest.fit_profile import FIELD_TIMESTAMP

_MAX_CYCLE_MESSAGES = 12
"""Longest repeating message cycle the scan tries to fast-forward."""
_WORTHWHILE = 64
"""A fast-forward that found fewer messages than this makes the next attempt wait longer."""
_MAX_RUN_CAP = 1 << 16
_MAX_BACKOFF = 8
_HEADER_SIZES = (12, 14)


class _Fault(Exception):
    """A structural fault at byte ``position``; decoding stops there."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.messages = 0


@dataclass
class FitPart:
    """One FIT file inside a (possibly chained) file."""

    start: int
    header_size: int
    declared_data_size: int
    messages: int = 0
    complete: bool = False


@dataclass
class FitDecodeResult:
    """What the scan found: messages by definition, warnings, and per-part facts."""

    messages: FitMessages
    parts: list[FitPart]
    warnings: list[str]
    fault: str | None
    """The first structural fault, if decoding stopped early (also in ``warnings``)."""


class _Scanner:
    """Finds the messages of one buffer that may hold several chained FIT files."""

    def __init__(self, buf: bytes) -> None:
        self.buf = buf
        self.arr = np.frombuffer(buf, dtype=np.uint8)
        self.cache: dict[bytes, Definition] = {}
        self.compressed_seen = False

    def scan_part(self, start: int, end: int) -> int:
        """Register the messages in ``buf[start:end]``; return how many; raise _Fault."""
        for known in self.cache.values():  # cycle bookkeeping is per part
            known.last_index = -1
        counter = [0]
        try:
            return self._scan(start, end, counter)
        except _Fault as exc:
            exc.messages = counter[0]
            raise

    def _scan(self, start: int, end: int, counter: list[int]) -> int:
        buf = self.buf
        defs: list[Definition | None] = [None] * 16
        starts: list[int] = []
        kinds: list[Definition | None] = []
        cycles = True
        count = 0
        pos = start
        while pos < end:
            counter[0] = count
            header = buf[pos]
            if header & 0x80:  # compressed timestamp header
                d = defs[(header >> 5) & 0x03]
                if d is None:
                    raise _Fault(f"undefined local message {(header >> 5) & 3}", pos)
                if cycles:
                    cycles = False
                    self.compressed_seen = True
                    for known in self.cache.values():
                        known.last_index = -1
                nxt = pos + 1 + d.size
                if nxt > end:
                    raise _Fault("message runs past the end of the data", pos)
                d.pending.append(pos + 1)
                count += 1
                pos = nxt
                continue
            if header & 0x40:  # definition message
                if cycles:
                    starts.append(pos)
                    kinds.append(None)
                pos = self._define(defs, header, pos, end)
                continue
            d = defs[header & 0x0F]
            if d is None:
                raise _Fault(f"undefined local message {header & 0x0F}", pos)
            nxt = pos + 1 + d.size
            if nxt > end:
                raise _Fault("message runs past the end of the data", pos)
            if cycles:
                index = len(starts)
                if d.last_index >= 0 and index - d.last_index <= _MAX_CYCLE_MESSAGES:
                    if d.cooldown:
                        d.cooldown -= 1
                    else:
                        repeated = self._repeat(starts, kinds, defs, d, pos, end)
                        if repeated is not None:
                            count += repeated[0]
                            pos = repeated[1]
                            continue
                starts.append(pos)
                kinds.append(d)
                d.last_index = index
            d.pending.append(pos + 1)
            count += 1
            pos = nxt
        return count

    def _define(self, defs: list[Definition | None], header: int, pos: int, end: int) -> int:
        buf = self.buf
        if pos + 6 > end:
            raise _Fault("definition message runs past the end of the data", pos)
        stop = pos + 6 + 3 * buf[pos + 5]
        if header & 0x20:
            if stop >= end:
                raise _Fault("definition message runs past the end of the data", pos)
            stop += 1 + 3 * buf[stop]
        if stop > end:
            raise _Fault("definition message runs past the end of the data", pos)
        key = buf[pos:stop]
        d = self.cache.get(key)
        if d is None:
            try:
                d = parse_definition(key)
            except ValueError as exc:
                raise _Fault(str(exc), pos) from None
            self.cache[key] = d
        defs[header & 0x0F] = d
        return stop

    def _repeat(
        self,
        starts: list[int],
        kinds: list[Definition | None],
        defs: list[Definition | None],
        d: Definition,
        pos: int,
        end: int,
    ) -> tuple[int, int] | None:
        """Fast-forward over repeats of the cycle that ended at ``pos``.

        Returns (messages registered, position after them), or None when it did not pay.
        """
        first = d.last_index
        base = starts[first]
        stride = pos - base
        n_max = min(d.run_cap, (end - pos) // stride)
        if n_max < 2:
            return None
        buf = self.buf
        last = len(starts)
        redefined: set[int] = set()
        for k in range(first, last):  # cheap look at the next two cycles before any numpy
            header = buf[starts[k]]
            at = pos + starts[k] - base
            # A message whose local type is not redefined earlier in the cycle must find the
            # same definition in effect now as last time, or the cycle does not repeat.
            if kinds[k] is None:
                redefined.add(header & 0x0F)
            elif header & 0x0F not in redefined and defs[header & 0x0F] is not kinds[k]:
                return None
            if buf[at] != header or buf[at + stride] != header:
                d.cooldown = ATTEMPT_EVERY * d.backoff
                d.backoff = min(2 * d.backoff, _MAX_BACKOFF)
                return None
        template: list[int] = []
        phases: list[tuple[int, Definition]] = []
        for k in range(first, last):
            rel = starts[k] - base
            kind = kinds[k]
            if kind is None:
                stop = starts[k + 1] if k + 1 < last else pos
                template.extend(range(rel, stop - base))
            else:
                template.append(rel)
                phases.append((rel, kind))
        t = np.array(template, dtype=np.int64)
        expected = self.arr[base + t]
        rows = self.arr[(pos + stride * np.arange(n_max))[:, None] + t]
        same = (rows == expected).all(axis=1)
        n = n_max if same.all() else int(same.argmin())
        if n < 2 or n * len(phases) < _WORTHWHILE:
            d.cooldown = ATTEMPT_EVERY * d.backoff
            d.backoff = min(2 * d.backoff, _MAX_BACKOFF)
            if n < 2:
                return None
        else:
            d.backoff = 1
            d.cooldown = 0 if n == n_max else ATTEMPT_EVERY
        if n == n_max:
            d.run_cap = min(4 * d.run_cap, _MAX_RUN_CAP)
        shifts = stride * np.arange(n, dtype=np.int64)
        for rel, kind in phases:
            kind.flush()
            kind.chunks.append(pos + rel + 1 + shifts)
        last_base = pos + stride * (n - 1)
        for k in range(first, last):
            starts.append(starts[k] - base + last_base)
            kind = kinds[k]
            kinds.append(kind)
            if kind is not None:
                kind.last_index = len(starts) - 1
        return n * len(phases), pos + stride * n


def _compressed_timestamps(scanner: _Scanner) -> dict[int, int]:
    """Resolve compressed-timestamp headers: payload offset -> FIT timestamp.

    A compressed header carries the low 5 bits of the time; the rest comes from the last
    full timestamp (field 253) or resolved compressed timestamp before it, with rollover.
    """
    arr = scanner.arr
    entries: list[tuple[int, Definition]] = []
    for d in scanner.cache.values():
        entries.extend((offset, d) for offset in d.offsets().tolist())
    entries.sort(key=lambda item: item[0])
    resolved: dict[int, int] = {}
    accumulator: int | None = None
    for offset, d in entries:
        header = int(arr[offset - 1])
        if header & 0x80:
            if accumulator is not None:
                accumulator += ((header & 0x1F) - accumulator) & 0x1F
                resolved[offset] = accumulator
            continue
        spec = d.layout.get(FIELD_TIMESTAMP)
        if spec is not None and spec[1] == 4:
            start = offset + spec[0]
            value = int.from_bytes(
                arr[start : start + 4].tobytes(), "big" if d.big_endian else "little"
            )
            if value != 0xFFFF_FFFF:
                accumulator = value
    return resolved


def _header(buf: bytes, start: int) -> FitPart:
    """Parse the file header at ``start``; raise _Fault when there is none."""
    if len(buf) - start < 12:
        raise _Fault(f"only {len(buf) - start} bytes, too short for a FIT header", start)
    header_size = buf[start]
    if header_size not in _HEADER_SIZES or buf[start + 8 : start + 12] != b".FIT":
        raise _Fault("no FIT header (the '.FIT' signature is missing)", start)
    if len(buf) - start < header_size:
        raise _Fault("FIT header is cut short", start)
    (data_size,) = struct.unpack_from("<I", buf, start + 4)
    return FitPart(start, header_size, data_size)


def decode(buf: bytes, *, check_crc: bool = True) -> FitDecodeResult:
    """Decode every FIT part in ``buf``; never raises for broken content.

    Raises nothing itself: a buffer without a valid first header gives a result with no
    parts and ``fault`` set. Everything decoded before a fault is kept.
    """
    scanner = _Scanner(buf)
    parts: list[FitPart] = []
    warnings: list[str] = []
    fault: str | None = None
    start = 0
    while start < len(buf):
        try:
            part = _header(buf, start)
        except _Fault as exc:
            if parts:
                warnings.append(
                    f"{len(buf) - start} bytes after FIT part {len(parts)} (byte {start}) "
                    f"are not a FIT file and were ignored: {exc.message}"
                )
            else:
                fault = exc.message
            break
        parts.append(part)
        label = f"FIT part {len(parts)}" if len(parts) > 1 else "FIT file"
        if check_crc and part.header_size == 14:
            (header_crc,) = struct.unpack_from("<H", buf, start + 12)
            if header_crc and crc16(buf[start : start + 12]) != header_crc:
                warnings.append(f"{label}: header CRC mismatch")
        data_start = start + part.header_size
        declared_end = data_start + part.declared_data_size
        if part.declared_data_size == 0:
            end = len(buf)
            warnings.append(
                f"{label}: header declares no data size (file not closed by the device); "
                "decoded to the end of the file"
            )
        else:
            end = min(declared_end, len(buf))
        try:
            part.messages = scanner.scan_part(data_start, end)
        except _Fault as exc:
            part.messages = exc.messages
            fault = f"{label}: {exc.message} at byte {exc.position}"
            warnings.append(f"{fault}; decoding stopped there")
            break
        if part.declared_data_size == 0:
            break
        if declared_end > len(buf):
            fault = (
                f"{label}: truncated; the header declares {part.declared_data_size} bytes of "
                f"data, only {len(buf) - data_start} are present"
            )
            warnings.append(fault)
            break
        if declared_end + 2 > len(buf):
            warnings.append(f"{label}: the file CRC is missing (file cut short)")
            break
        part.complete = True
        if check_crc and crc16(buf[start : declared_end + 2]) != 0:
            warnings.append(f"{label}: file CRC mismatch; the data may be damaged")
        start = declared_end + 2
    override = _compressed_timestamps(scanner) if scanner.compressed_seen else {}
    messages = FitMessages(scanner.arr, list(scanner.cache.values()), override)
    return FitDecodeResult(messages, parts, warnings, fault)
