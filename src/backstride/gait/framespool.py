"""Frames kept from the pose pass for the annotated video, so the clip is decoded once.

Decoding a 1080p clip a second time (and shrinking it) cost about 8 ms a frame, more than
half of the annotated video's cost. During the pose pass the decoding thread, which waits
on the pose model most of the time, also shrinks each frame to the overlay size and
stores it as a JPEG in an anonymous temporary file (about 60 kB a frame at 854x480, so a
three-minute clip stays on disk, not in memory). JPEG quality 92 is invisible under the
VP8 encoding that follows.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from typing import IO, Final

import numpy as np
from numpy.typing import NDArray

JPEG_QUALITY: Final = 92


class FrameSpool:
    """Append-only store of frames in decoding order; ``frames()`` reads them back."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        """(width, height) every stored frame is shrunk to."""
        # Closed by close() / the context manager: the spool outlives this method.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="backstride-frames-")  # noqa: SIM115
        self._spans: list[tuple[int, int]] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._spans)

    def add(self, bgr: NDArray[np.uint8]) -> None:
        """Shrink (if needed), encode and store one frame; called from the decoding thread."""
        import cv2

        image: NDArray[np.uint8] = bgr
        if (bgr.shape[1], bgr.shape[0]) != self.size:
            image = np.asarray(
                cv2.resize(bgr, self.size, interpolation=cv2.INTER_AREA), dtype=np.uint8
            )
        ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise RuntimeError("OpenCV could not encode a frame as JPEG")
        payload = encoded.tobytes()
        with self._lock:
            start = self._file.seek(0, 2)
            self._file.write(payload)
            self._spans.append((start, len(payload)))

    def frames(self, first: int = 0) -> Iterator[tuple[int, NDArray[np.uint8]]]:
        """``(index, BGR image)`` for every stored frame from ``first`` on."""
        import cv2

        for index in range(first, len(self._spans)):
            start, length = self._spans[index]
            with self._lock:
                self._file.seek(start)
                payload = self._file.read(length)
            image = cv2.imdecode(np.frombuffer(payload, dtype=np.uint8), cv2.IMREAD_COLOR)
            if image is None:
                raise RuntimeError(f"frame {index} kept for the annotated video is unreadable")
            yield index, np.asarray(image, dtype=np.uint8)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> FrameSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
