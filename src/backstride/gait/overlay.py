"""Annotated video: skeleton, contact markers and live angles drawn on the runner.

Codec: VP8 in a .webm file, which Chromium, Firefox and Android play. It is encoded with
PyAV's libvpx in real-time mode (``deadline=realtime``, ``cpu-used=8``): about 5 ms a
frame at 854x480 on this machine, against about 30 ms for OpenCV's VideoWriter, whose
libvpx runs at its slowest, best-quality setting and cannot be told otherwise. Without
PyAV the OpenCV writer is used (H.264 .mp4 where the build has an encoder, else VP8 .webm).
The real path is returned — its suffix may differ from the one asked for. The long side is
scaled to at most ``max_side`` pixels; frames are decoded in one thread, drawn in the
caller's and encoded in a third.
"""

from __future__ import annotations

import importlib.util
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray

from backstride.errors import ConfigurationError
from backstride.gait import angles
from backstride.gait.events import LEG, SIDES, Side
from backstride.gait.framespool import FrameSpool
from backstride.gait.pose import EDGES, L_SHOULDER, R_SHOULDER
from backstride.gait.video import VideoInfo, iter_frames_threaded

if TYPE_CHECKING:
    from backstride.gait.analyse import GaitResult

_COLOURS: Final = {"left": (255, 160, 0), "right": (0, 140, 255)}  # BGR: blue-ish / orange
_MARK_FRAMES: Final = 0.1  # seconds a contact marker stays on screen


class _PyAvVp8Writer:
    """``write(bgr)`` / ``release()`` like cv2.VideoWriter, through PyAV's libvpx."""

    def __init__(self, target: Path, fps: float, size: tuple[int, int]) -> None:
        from fractions import Fraction

        import av

        self._av = av
        self._container = av.open(str(target), "w")
        stream = self._container.add_stream("libvpx", rate=Fraction(fps).limit_denominator(1001))
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        # realtime + cpu-used 8: ~6x faster than libvpx's default "good" deadline, with a
        # bit rate high enough that skeleton lines and text stay sharp at 854x480.
        stream.options = {"deadline": "realtime", "cpu-used": "8", "b": "2000k"}
        # One encoder thread: libvpx's own threading ran ~20x slower here on 2 busy cores
        # (100 ms against 5 ms a frame); the encoder already has a thread of ours.
        stream.codec_context.thread_count = 1
        self._stream = stream

    def write(self, bgr: NDArray[np.uint8]) -> None:
        frame = self._av.VideoFrame.from_ndarray(bgr, format="bgr24")
        for packet in self._stream.encode(frame):
            self._container.mux(packet)

    def release(self) -> None:
        for packet in self._stream.encode():
            self._container.mux(packet)
        self._container.close()


def open_writer(path: Path, fps: float, size: tuple[int, int]) -> tuple[Any, Path, str]:
    """A started writer: PyAV VP8 webm, else OpenCV's H.264 mp4 or VP8 webm."""
    if importlib.util.find_spec("av") is not None:
        target = path.with_suffix(".webm")
        return _PyAvVp8Writer(target, fps, size), target, "VP80"

    import cv2

    for fourcc, suffix in (("avc1", ".mp4"), ("VP80", ".webm")):
        target = path.with_suffix(suffix)
        writer = cv2.VideoWriter(str(target), cv2.VideoWriter.fourcc(*fourcc), fps, size)
        if writer.isOpened():
            return writer, target, fourcc
        writer.release()
    raise ConfigurationError("this OpenCV cannot encode H.264 or VP8 video")


def _markers(result: GaitResult) -> dict[int, list[tuple[Side, str]]]:
    """frame -> [(side, "IC"|"TO")] for the frames around each event."""
    hold = max(1, round(_MARK_FRAMES * result.fps))
    marks: dict[int, list[tuple[Side, str]]] = {}
    for c in result.contacts:
        for kind, at in (("IC", c.ic), ("TO", c.to)):
            if at is None:
                continue
            for frame in range(at, at + hold):
                marks.setdefault(frame, []).append((c.side, kind))
    return marks


OVERLAY_MAX_SIDE: Final = 854


def overlay_size(info: VideoInfo, max_side: int = OVERLAY_MAX_SIDE) -> tuple[int, int]:
    """(width, height) of the annotated video: long side at most ``max_side``, both even."""
    scale = min(1.0, max_side / max(info.width, info.height))
    return round(info.width * scale) // 2 * 2, round(info.height * scale) // 2 * 2


def write_overlay(
    result: GaitResult,
    info: VideoInfo,
    path: Path,
    *,
    max_side: int = OVERLAY_MAX_SIDE,
    spool: FrameSpool | None = None,
) -> Path:
    """Draw the analysis over the video and return the written file's path.

    ``spool`` holds the frames kept during the pose pass (already shrunk); without it, or
    when it holds another size, the video is decoded again.
    """
    import cv2

    size = overlay_size(info, max_side)
    scale = size[0] / info.width
    path.parent.mkdir(parents=True, exist_ok=True)
    writer, target, codec = open_writer(path, info.fps / info.slowmo_factor, size)
    result.extra["overlay_codec"] = codec
    xy = result.cleaned.xy * scale
    knee = {
        side: angles.knee_flexion(xy[:, leg[0]], xy[:, leg[1]], xy[:, leg[2]])
        for side, leg in LEG.items()
    }
    shoulder = (xy[:, L_SHOULDER] + xy[:, R_SHOULDER]) / 2
    hip = (xy[:, LEG["left"][0]] + xy[:, LEG["right"][0]]) / 2
    trunk = angles.segment_angle_from_vertical(shoulder, hip, result.direction)
    left_hip, right_hip = xy[:, LEG["left"][0]], xy[:, LEG["right"][0]]
    # From behind: tilt of the hip line, positive when the right hip is higher (image y grows down).
    hip_tilt = np.degrees(
        np.arctan2(left_hip[:, 1] - right_hip[:, 1], np.abs(right_hip[:, 0] - left_hip[:, 0]))
    )
    rear = result.view == "rear"
    marks = _markers(result)
    first = int(result.extra.get("first_frame", 0))
    font = cv2.FONT_HERSHEY_SIMPLEX
    encode: queue.Queue[Any] = queue.Queue(maxsize=8)

    def encoder() -> None:
        while (image := encode.get()) is not None:
            writer.write(image)

    thread = threading.Thread(target=encoder, name="gait-encode", daemon=True)
    thread.start()

    def shrink(bgr: NDArray[np.uint8]) -> NDArray[np.uint8]:
        small: NDArray[np.uint8] = np.asarray(
            cv2.resize(bgr, size, interpolation=cv2.INTER_AREA), dtype=np.uint8
        )
        return small

    frames: Iterator[tuple[int, NDArray[np.uint8]]]
    if spool is not None and spool.size == size and len(spool) > 0:
        frames = spool.frames(first)
    else:
        frames = (
            (frame.index, frame.image) for frame in iter_frames_threaded(info, transform=shrink)
        )
    try:
        for index, image in frames:
            i = index - first
            if i >= result.frames:
                break
            if i < 0:
                continue
            points = xy[i]
            for a, b in EDGES:
                if np.isfinite(points[[a, b]]).all():
                    colour = _COLOURS["left" if a % 2 == 1 else "right"]
                    pa = tuple(int(v) for v in points[a])
                    pb = tuple(int(v) for v in points[b])
                    cv2.line(image, pa, pb, colour, 3, cv2.LINE_AA)
            for side, kind in marks.get(i, []):
                heel = points[LEG[side][3]]
                if np.isfinite(heel).all():
                    centre = (int(heel[0]), int(heel[1]))
                    cv2.circle(image, centre, 14, (0, 0, 255) if kind == "IC" else (0, 255, 0), 3)
                    cv2.putText(
                        image,
                        f"{kind} {side[0].upper()}",
                        (centre[0] - 20, centre[1] + 34),
                        font,
                        0.6,
                        (255, 255, 255),
                        2,
                    )
            lines = [f"{i / result.fps:5.2f} s"]
            if rear:
                if np.isfinite(hip_tilt[i]):
                    higher = "R" if hip_tilt[i] > 0 else "L"
                    lines.append(f"hip line {abs(hip_tilt[i]):4.1f} deg, {higher} up")
            else:
                for side in SIDES:
                    if np.isfinite(knee[side][i]):
                        lines.append(f"knee {side[0].upper()} {knee[side][i]:4.0f} deg")
                if np.isfinite(trunk[i]):
                    lines.append(f"trunk lean {trunk[i]:4.0f} deg")
            for row, text in enumerate(lines):
                cv2.putText(image, text, (12, 28 + 26 * row), font, 0.7, (0, 0, 0), 4, cv2.LINE_AA)
                cv2.putText(
                    image, text, (12, 28 + 26 * row), font, 0.7, (255, 255, 255), 1, cv2.LINE_AA
                )
            encode.put(image)
    finally:
        encode.put(None)
        thread.join()
        writer.release()
    return target
