"""Serve a stored file with HTTP Range support (RFC 9110 §14).

A ``<video>`` element asks for byte ranges; Chromium cannot seek (and sometimes will not
play) a video whose server answers every request with the whole file. One range per request
is served (``206 Partial Content``); a request with several ranges, or none, gets the whole
file (``200``), which the standard allows; a range past the end gets ``416``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Final, Literal

from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse

CHUNK: Final = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _stream(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        left = length
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


def parse_range(header: str, size: int) -> tuple[int, int] | Literal[False] | None:
    """``(first, last)`` inclusive for a single satisfiable range; None to send the whole
    file (no header, several ranges, or a header we do not understand); False when the
    range cannot be satisfied."""
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # "bytes=-500": the last 500 bytes
        suffix = int(last_text)
        if suffix == 0:
            return False
        return max(0, size - suffix), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if first >= size or last < first:
        return False
    return first, min(last, size - 1)


def ranged_file_response(
    request: HttpRequest,
    name: str,
    *,
    content_type: str,
    filename: str,
    as_attachment: bool = False,
) -> HttpResponseBase:
    """The stored file ``name`` (through ``default_storage``), honouring a ``Range`` header."""
    size = default_storage.size(name)
    wanted = parse_range(request.headers.get("Range", ""), size)
    disposition = "attachment" if as_attachment else "inline"
    if wanted is False:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    first, last = (0, size - 1) if wanted is None else wanted
    length = max(0, last - first + 1)
    handle = default_storage.open(name, "rb")
    response = StreamingHttpResponse(
        _stream(handle, first, length),
        status=200 if wanted is None else 206,
        content_type=content_type,
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=0"
    if wanted is not None:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return response
