"""Decoded FIT messages: definitions with their payload offsets, and numpy field access.

:mod:`backstride.ingest.fit_decode` finds the messages; this module reads their fields:
one numpy gather per field and definition, invalid values as NaN, file order kept when a
message type was defined more than once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from backstride.ingest.fit_profile import BASE_TYPES, FIELD_TIMESTAMP, FieldSpec

ATTEMPT_EVERY = 32
"""Messages of a definition between fast-forward attempts (see fit_decode): an attempt
costs about as much as scanning 30 messages one by one, so it only pays on long stretches."""
FIRST_RUN_CAP = 256


@dataclass(eq=False, slots=True)
class Definition:
    """One definition message and the payload offsets of the data messages that use it."""

    global_num: int
    big_endian: bool
    layout: dict[int, tuple[int, int, int]]
    """field number -> (byte offset in the payload, size, base type)."""
    size: int
    chunks: list[NDArray[np.int64]] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)
    last_index: int = -1
    cooldown: int = ATTEMPT_EVERY
    backoff: int = 1
    run_cap: int = FIRST_RUN_CAP

    def flush(self) -> None:
        if self.pending:
            self.chunks.append(np.array(self.pending, dtype=np.int64))
            self.pending = []

    def offsets(self) -> NDArray[np.int64]:
        self.flush()
        if not self.chunks:
            return np.empty(0, dtype=np.int64)
        if len(self.chunks) > 1:
            self.chunks = [np.concatenate(self.chunks)]
        return self.chunks[0]


def parse_definition(key: bytes) -> Definition:
    """Parse definition bytes (header byte included) into a layout."""
    architecture = key[2]
    if architecture not in (0, 1):
        raise ValueError(f"invalid architecture byte {architecture}")
    big_endian = architecture == 1
    global_num = (key[3] << 8 | key[4]) if big_endian else (key[3] | key[4] << 8)
    n_fields = key[5]
    layout: dict[int, tuple[int, int, int]] = {}
    offset = 0
    for i in range(n_fields):
        num, size, base_type = key[6 + 3 * i : 9 + 3 * i]
        layout.setdefault(num, (offset, size, base_type))
        offset += size
    if key[0] & 0x20:
        p = 6 + 3 * n_fields
        for i in range(key[p]):
            offset += key[p + 2 + 3 * i]
    return Definition(global_num, big_endian, layout, offset)


class FitMessages:
    """Field access over all decoded messages, in file order, as numpy arrays."""

    def __init__(
        self, arr: NDArray[np.uint8], definitions: list[Definition], ts_override: dict[int, int]
    ) -> None:
        self._arr = arr
        self._by_global: dict[int, list[Definition]] = {}
        for definition in definitions:
            if len(definition.offsets()):
                self._by_global.setdefault(definition.global_num, []).append(definition)
        self._ts_override = ts_override
        self._order: dict[int, NDArray[np.intp] | None] = {}

    def definitions(self) -> list[Definition]:
        """Every definition that has messages (for tools that rewrite fields in place)."""
        return [d for ds in self._by_global.values() for d in ds]

    def count(self, global_num: int) -> int:
        return sum(len(d.offsets()) for d in self._by_global.get(global_num, []))

    def global_nums(self) -> list[int]:
        return sorted(self._by_global)

    def field(self, global_num: int, spec: FieldSpec) -> NDArray[np.float64]:
        """Values of one field (scaled into units), NaN where absent or invalid."""
        parts = [self._raw(d, spec.num) for d in self._by_global.get(global_num, [])]
        values = self._ordered(global_num, parts)
        if spec.scale != 1.0:
            values /= spec.scale
        if spec.offset:
            values -= spec.offset
        return values

    def byte_matrix(self, global_num: int, field_num: int, width: int) -> NDArray[np.uint8]:
        """The first ``width`` bytes of a byte-array field per message; 0xFF where absent."""
        parts = []
        for d in self._by_global.get(global_num, []):
            offsets = d.offsets()
            spec = d.layout.get(field_num)
            if spec is None or spec[1] < width:
                parts.append(np.full((len(offsets), width), 0xFF, dtype=np.uint8))
            else:
                parts.append(self._arr[(offsets + spec[0])[:, None] + np.arange(width)])
        if not parts:
            return np.empty((0, width), dtype=np.uint8)
        matrix = np.concatenate(parts) if len(parts) > 1 else parts[0]
        order = self._order_of(global_num)
        return matrix if order is None else matrix[order]

    def strings(self, global_num: int, field_num: int) -> list[str | None]:
        """A string field per message (UTF-8, invalid bytes replaced), None where absent."""
        out: list[tuple[int, str | None]] = []
        for d in self._by_global.get(global_num, []):
            spec = d.layout.get(field_num)
            for offset in d.offsets().tolist():
                text = None
                if spec is not None:
                    start = offset + spec[0]
                    raw = self._arr[start : start + spec[1]].tobytes().split(b"\0", 1)[0]
                    text = raw.decode("utf-8", "replace") or None
                out.append((offset, text))
        out.sort(key=lambda item: item[0])
        return [text for _, text in out]

    def _order_of(self, global_num: int) -> NDArray[np.intp] | None:
        if global_num not in self._order:
            definitions = self._by_global.get(global_num, [])
            order = None
            if len(definitions) > 1:
                offsets = np.concatenate([d.offsets() for d in definitions])
                order = np.argsort(offsets, kind="stable")
            self._order[global_num] = order
        return self._order[global_num]

    def _ordered(self, global_num: int, parts: list[NDArray[np.float64]]) -> NDArray[np.float64]:
        if not parts:
            return np.empty(0, dtype=np.float64)
        values = np.concatenate(parts) if len(parts) > 1 else parts[0]
        order = self._order_of(global_num)
        return values if order is None else values[order]

    def _raw(self, d: Definition, num: int) -> NDArray[np.float64]:
        offsets = d.offsets()
        values = self._raw_field(d, num, offsets)
        if num == FIELD_TIMESTAMP and self._ts_override:
            compressed = (self._arr[offsets - 1] & 0x80) != 0
            if compressed.any():
                override = self._ts_override
                values[compressed] = [override.get(o, np.nan) for o in offsets[compressed].tolist()]
        return values

    def _raw_field(
        self, d: Definition, num: int, offsets: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        spec = d.layout.get(num)
        base = BASE_TYPES.get(spec[2]) if spec is not None else None
        if spec is None or base is None or base[0] == "S" or spec[1] % base[1]:
            return np.full(len(offsets), np.nan)
        kind, size, invalid = base
        raw_bytes = self._arr[(offsets + spec[0])[:, None] + np.arange(size)]
        raw = raw_bytes.view(np.dtype(kind).newbyteorder(">" if d.big_endian else "<"))[:, 0]
        values: NDArray[np.float64] = raw.astype(np.float64)
        if kind[0] == "f":
            values[~np.isfinite(values)] = np.nan
        else:
            values[raw == invalid] = np.nan
        return values
