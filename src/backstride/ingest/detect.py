"""Recognise a file's format from its first bytes: extensions lie, content does not."""

from __future__ import annotations

from enum import StrEnum

SNIFF_BYTES = 4096
"""How much of a file's start :func:`sniff` needs."""


class Format(StrEnum):
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"
    GZIP = "gzip"
    ZIP = "zip"


def sniff(head: bytes) -> Format | None:
    """The format of content starting with ``head`` (at least SNIFF_BYTES when available)."""
    if head[:2] == b"\x1f\x8b":
        return Format.GZIP
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return Format.ZIP
    if len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT":
        return Format.FIT
    text = head[:SNIFF_BYTES].lower()
    if b"<gpx" in text:
        return Format.GPX
    if b"<trainingcenterdatabase" in text:
        return Format.TCX
    return None


def extension_format(name: str) -> Format | None:
    """The format a file name claims (``.fit.gz`` claims gzip)."""
    lower = name.lower()
    for suffix, fmt in (
        (".gz", Format.GZIP),
        (".zip", Format.ZIP),
        (".fit", Format.FIT),
        (".gpx", Format.GPX),
        (".tcx", Format.TCX),
    ):
        if lower.endswith(suffix):
            return fmt
    return None
