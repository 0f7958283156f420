"""Pose estimation behind a one-method seam.

:class:`PoseEstimator` is the seam: ``landmarks(frame_rgb)`` returns the 33 BlazePose
landmarks of one person as a ``(33, 4)`` float array — ``x`` and ``y`` as fractions of the
frame's width and height (image y points down), ``z`` (relative depth, unused) and
``visibility`` (0–1) — or ``None`` when nobody is found. Normalised coordinates make the
result independent of any downscaling done before the estimator.

:class:`MediaPipePose` wraps ``mediapipe==0.10.14`` legacy ``solutions.pose`` with
``model_complexity=1`` forced: that is the only model shipped in the wheel; 0 and 2 are
downloaded at run time, which must never happen. :class:`FakePose` replays arrays for tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Final, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from backstride.errors import ConfigurationError

N_LANDMARKS: Final = 33

#: BlazePose landmark indices used by the gait code.
NOSE: Final = 0
L_SHOULDER, R_SHOULDER = 11, 12
L_HIP, R_HIP = 23, 24
L_KNEE, R_KNEE = 25, 26
L_ANKLE, R_ANKLE = 27, 28
L_HEEL, R_HEEL = 29, 30
L_TOE, R_TOE = 31, 32  # "foot index"

#: Left/right pairs that a pose model may swap (the legs; arms and face are not used).
LEG_PAIRS: Final[tuple[tuple[int, int], ...]] = (
    (L_KNEE, R_KNEE),
    (L_ANKLE, R_ANKLE),
    (L_HEEL, R_HEEL),
    (L_TOE, R_TOE),
)
#: Skeleton edges for drawing.
EDGES: Final[tuple[tuple[int, int], ...]] = (
    (L_SHOULDER, R_SHOULDER),
    (L_SHOULDER, L_HIP),
    (R_SHOULDER, R_HIP),
    (L_HIP, R_HIP),
    (L_HIP, L_KNEE),
    (L_KNEE, L_ANKLE),
    (L_ANKLE, L_HEEL),
    (L_HEEL, L_TOE),
    (L_ANKLE, L_TOE),
    (R_HIP, R_KNEE),
    (R_KNEE, R_ANKLE),
    (R_ANKLE, R_HEEL),
    (R_HEEL, R_TOE),
    (R_ANKLE, R_TOE),
)

MODEL_COMPLEXITY: Final = 1

FloatArray = NDArray[np.float64]


@runtime_checkable
class PoseEstimator(Protocol):
    """One frame in, one person's landmarks out (``(33, 4)``: x, y, z, visibility) or None."""

    def landmarks(self, frame_rgb: NDArray[np.uint8]) -> FloatArray | None: ...


def _import_mediapipe() -> Any:
    try:
        import mediapipe
    except ImportError as error:  # pragma: no cover - depends on the install
        raise ConfigurationError(
            "video gait analysis needs mediapipe: pip install 'backstride[gait]'"
        ) from error
    return mediapipe


class MediaPipePose:
    """BlazePose (full, ``model_complexity=1``) in video mode: tracks one person across frames.

    Video mode re-uses the previous frame's region of interest, so the person detector only
    runs when tracking is lost; that is both faster and steadier than per-image mode.
    ``smooth_landmarks=False``: MediaPipe's own smoothing is causal, so it lags, and it would
    make the stored "raw" landmarks filtered; :mod:`backstride.gait.signal` filters them
    without lag instead. Call
    :meth:`close` (or use ``with``) to free the graph.
    """

    def __init__(
        self, *, min_detection_confidence: float = 0.5, min_tracking_confidence: float = 0.5
    ) -> None:
        mediapipe = _import_mediapipe()
        self._pose = mediapipe.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=MODEL_COMPLEXITY,
            smooth_landmarks=False,
            enable_segmentation=False,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )

    def landmarks(self, frame_rgb: NDArray[np.uint8]) -> FloatArray | None:
        result = self._pose.process(frame_rgb)
        found = result.pose_landmarks
        if found is None:
            return None
        return np.array([(p.x, p.y, p.z, p.visibility) for p in found.landmark], dtype=np.float64)

    def close(self) -> None:
        self._pose.close()

    def __enter__(self) -> MediaPipePose:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class FakePose:
    """Replays prepared landmarks, one per call; a frame whose row is all NaN gives None.

    ``frames`` is ``(n, 33, 4)`` in the seam's normalised coordinates. After the last frame
    it returns None. ``calls`` counts the frames it was given.
    """

    def __init__(self, frames: FloatArray | Sequence[FloatArray | None]) -> None:
        self._frames = list(frames)
        self.calls = 0

    def landmarks(self, frame_rgb: NDArray[np.uint8]) -> FloatArray | None:
        index = self.calls
        self.calls += 1
        if index >= len(self._frames):
            return None
        found = self._frames[index]
        if found is None or bool(np.all(np.isnan(found))):
            return None
        return np.asarray(found, dtype=np.float64).copy()
