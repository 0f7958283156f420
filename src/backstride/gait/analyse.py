"""One entry point: a video (or prepared landmarks) in, a :class:`GaitResult` out.

``analyse_video(path)`` checks the file (:mod:`.video`), runs the pose estimator on every
frame while a thread decodes ahead, then hands the landmarks to
:func:`analyse_landmarks`, which is pure numpy and what the synthetic tests drive.
``GaitResult.as_json()`` is the CLI's ``--json`` document.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
from numpy.typing import NDArray

from backstride.errors import InputError
from backstride.gait import events as ev
from backstride.gait import rear
from backstride.gait.estimate import (
    Crop,
    Progress,
    estimate_landmarks,
    is_variable_rate,
    resample_uniform,
)
from backstride.gait.metrics import (
    SIDE_VIEW_METRICS,
    Metric,
    StepContext,
    side_view_metrics,
    spectral_cadence,
    unavailable,
)
from backstride.gait.people import keep_longest
from backstride.gait.pose import N_LANDMARKS, MediaPipePose, PoseEstimator
from backstride.gait.quality import MAX_TILT_DEG, QualityWarning, gate, rear_gate
from backstride.gait.signal import CleanedPose, SignalSettings, clean
from backstride.gait.video import VideoInfo, VideoLimits, probe

FloatArray = NDArray[np.float64]
View = Literal["side", "rear"]

#: a clip where a pose is found in fewer frames than this is "nobody in it"
MIN_DETECTED_FRACTION: Final = 0.25
#: event cadence and spectral cadence further apart than this (relative) → warning
CADENCE_MISMATCH: Final = 0.05

LANDMARK_NAMES: Final = [
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
]


@dataclass
class GaitResult:
    """Everything one clip gave. Pixel series are in the upright frame's pixels (y down)."""

    view: View
    fps: float
    width: int
    height: int
    landmarks: FloatArray  # (n, 33, 4) raw, normalised x/y, z, visibility; NaN = no pose
    cleaned: CleanedPose
    direction: int  # side: +1 facing image-right; rear: +1 right hip on the image's right
    leg_length_px: float
    contacts: list[ev.Contact]
    metrics: dict[str, Metric]
    warnings: list[QualityWarning]
    cadence_spectral_spm: float | None
    overlay_path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def frames(self) -> int:
        return int(self.landmarks.shape[0])

    def steps(self) -> dict[str, int]:
        """Valid contacts per foot."""
        return {side: sum(c.valid for c in self.contacts if c.side == side) for side in ev.SIDES}

    def as_json(self) -> dict[str, Any]:
        """``{"view","fps","frames","steps":{"left","right"},"metrics":{...},"warnings":[...]}``."""
        return {
            "view": self.view,
            "fps": round(self.fps, 3),
            "frames": self.frames,
            "steps": self.steps(),
            "metrics": {name: metric.summary() for name, metric in self.metrics.items()},
            "warnings": [warning.text() for warning in self.warnings],
        }

    def as_detail(self) -> dict[str, Any]:
        """Everything a results page needs, JSON-ready: :meth:`as_json` plus per-step values,
        reasons, asymmetry, references with sources, events and coded warnings."""
        document = self.as_json()
        for name, metric in self.metrics.items():
            ref = metric.reference
            document["metrics"][name].update(
                {
                    "reason": metric.reason,
                    "asymmetry_pct": None
                    if metric.asymmetry_pct is None
                    else round(metric.asymmetry_pct, 1),
                    "per_step": {
                        side: [round(v, 3) for v in vs] for side, vs in metric.per_step.items()
                    },
                    "reference": {
                        "error": ref.error,
                        "error_value": ref.error_value,
                        "low": ref.low,
                        "high": ref.high,
                        "note": ref.note,
                        "source": ref.source,
                        "evidence": ref.evidence,
                    },
                }
            )
        document["warnings"] = [
            {"code": w.code, "message": w.message, "advice": w.advice} for w in self.warnings
        ]
        document["contacts"] = [
            {
                "side": c.side,
                "ic_frame": c.ic,
                "ic_s": round(c.ic_frames / self.fps, 4),
                "to_frame": c.to,
                "to_s": None if c.to_frames is None else round(c.to_frames / self.fps, 4),
                "valid": c.valid,
                "reason": c.reason,
            }
            for c in self.contacts
        ]
        document.update(
            {
                "width": self.width,
                "height": self.height,
                "direction": self.direction,
                "leg_length_px": round(self.leg_length_px, 1),
                "cadence_spectral_spm": None
                if self.cadence_spectral_spm is None
                else round(self.cadence_spectral_spm, 1),
                "overlay": None if self.overlay_path is None else str(self.overlay_path),
                "extra": self.extra,
            }
        )
        return document

    def write_frames_csv(self, path: Path) -> None:
        """One row per frame: raw x/y (px) and visibility, then filtered x/y, per landmark."""
        header = ["frame", "time_s", "pose_found", "legs_swapped"]
        for name in LANDMARK_NAMES:
            header += [
                f"{name}_x_raw",
                f"{name}_y_raw",
                f"{name}_visibility",
                f"{name}_x",
                f"{name}_y",
            ]
        raw, vis, xy = self.cleaned.raw_xy, self.cleaned.visibility, self.cleaned.xy
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for i in range(self.frames):
                row: list[object] = [
                    i,
                    f"{i / self.fps:.4f}",
                    int(np.isfinite(raw[i, :, 0]).any()),
                    int(self.cleaned.swapped[i]),
                ]
                for k in range(N_LANDMARKS):
                    row += [
                        _num(raw[i, k, 0]),
                        _num(raw[i, k, 1]),
                        _num(vis[i, k]),
                        _num(xy[i, k, 0]),
                        _num(xy[i, k, 1]),
                    ]
                writer.writerow(row)

    def write_steps_csv(self, path: Path) -> None:
        """One row per contact: events, validity and every metric's value for the view."""
        ctx = self._context()
        table = rear.REAR_VIEW_METRICS if self.view == "rear" else SIDE_VIEW_METRICS
        names = list(table)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["side", "ic_frame", "ic_time_s", "to_frame", "valid", "reason", *names]
            )
            for c in self.contacts:
                values = []
                for name in names:
                    function = table[name][1]
                    values.append(_num(function(ctx, c)) if c.valid else "")
                writer.writerow(
                    [
                        c.side,
                        c.ic,
                        f"{c.ic / self.fps:.4f}",
                        "" if c.to is None else c.to,
                        int(c.valid),
                        c.reason,
                        *values,
                    ]
                )

    def write_csv(self, folder: Path) -> tuple[Path, Path]:
        """``frames.csv`` and ``steps.csv`` in ``folder`` (created)."""
        folder.mkdir(parents=True, exist_ok=True)
        frames, steps = folder / "frames.csv", folder / "steps.csv"
        self.write_frames_csv(frames)
        self.write_steps_csv(steps)
        return frames, steps

    def _context(self) -> StepContext:
        ctx = StepContext(
            self.cleaned.xy, self.fps, self.direction, self.leg_length_px, self.contacts
        )
        from backstride.gait.metrics import foot_reference

        for side in ev.SIDES:
            ctx.foot_reference_deg[side] = foot_reference(ctx, side)
        return ctx


def _num(value: float) -> str:
    return "" if not np.isfinite(value) else f"{float(value):.3f}"


def _check_cadence(
    metrics: dict[str, Metric], spectral: float | None, warnings: list[QualityWarning]
) -> None:
    cadence = metrics["cadence"].median
    mismatch = (
        cadence is not None
        and spectral is not None
        and abs(cadence - spectral) > CADENCE_MISMATCH * cadence
    )
    if mismatch:
        warnings.append(
            QualityWarning(
                "cadence_mismatch",
                f"Cadence from steps ({cadence:.0f}/min) and from the body's bounce "
                f"({spectral:.0f}/min) disagree.",
                "Check the overlay: steps may have been missed. Steadier running helps.",
            )
        )


def _rear_view(
    xy: FloatArray,
    fps: float,
    lateral: int,
    leg_px: float,
    raw_xy: FloatArray,
    visibility: FloatArray,
    height: int,
) -> tuple[list[ev.Contact], dict[str, Metric], list[QualityWarning], dict[str, Any]]:
    """Rear-view contacts, metrics, capture warnings and extras for ``GaitResult.extra``:
    the hip line's mean angle (``hip_line_tilt_deg``) and ``hip_width_ratio``."""
    ratio = rear.hip_width_ratio(xy, leg_px)
    contacts = rear.detect_rear_contacts(xy, fps, leg_px)
    tilt = rear.clip_tilt_deg(xy, contacts, lateral)
    extra: dict[str, Any] = {
        "hip_line_tilt_deg": None if tilt is None else round(tilt, 2),
        "hip_width_ratio": round(ratio, 3),
    }
    warnings = rear_gate(
        raw_xy=raw_xy,
        visibility=visibility,
        frame_height=height,
        contacts=contacts,
        tilt_deg=tilt,
        hip_width_ratio=ratio,
        min_hip_width=rear.MIN_HIP_WIDTH,
    )
    if ratio < rear.MIN_HIP_WIDTH:
        reason = "the hips overlap in the picture: not a view from behind"
        return contacts, unavailable(reason, rear.REAR_VIEW_METRICS), warnings, extra
    metrics = rear.rear_view_metrics(StepContext(xy, fps, lateral, leg_px, contacts))
    drop = metrics["pelvic_drop"]
    if tilt is not None and abs(tilt) > MAX_TILT_DEG and drop.quality == "ok":
        drop.quality = "approximate"
        drop.reason = (
            f"the hip line leans {abs(tilt):.1f}° over the clip (camera tilt?): "
            "the left/right difference is unreliable"
        )
    return contacts, metrics, warnings, extra


def analyse_landmarks(
    landmarks: FloatArray,
    *,
    fps: float,
    width: int,
    height: int,
    view: View = "side",
    settings: SignalSettings | None = None,
    source: str | None = None,
) -> GaitResult:
    """Analyse prepared landmarks ``(n, 33, 4)`` (normalised x/y, z, visibility; NaN rows
    where no pose was found) sampled uniformly at ``fps`` from a ``width``×``height`` frame.
    """
    settings = settings or SignalSettings()
    landmarks = np.asarray(landmarks, dtype=np.float64)
    n = landmarks.shape[0]
    scale = np.array([width, height], dtype=np.float64)
    landmarks, people = keep_longest(landmarks, landmarks[:, :, :2] * scale)
    detected: NDArray[np.bool_] = np.asarray(np.isfinite(landmarks[:, :, :2]).all(axis=(1, 2)))
    if n == 0 or detected.sum() < max(MIN_DETECTED_FRACTION * n, fps):
        raise InputError(
            f"nobody was found in this video (a person in {int(detected.sum())} of {n} frames): "
            f"film one runner {'from behind' if view == 'rear' else 'side-on'} with the whole "
            "body in view",
            source=source,
        )
    raw_xy = landmarks[:, :, :2] * scale
    visibility = np.where(np.isfinite(landmarks[:, :, 3]), landmarks[:, :, 3], 0.0)
    cleaned = clean(raw_xy, visibility, fps, settings)
    xy = cleaned.xy
    direction = ev.facing_direction(xy)
    leg_px = ev.leg_length_px(xy)
    hip_y = ev.hip_mid(xy)[:, 1]
    spectral = spectral_cadence(hip_y, fps)
    warnings: list[QualityWarning] = []
    if len(people) > 1:
        kept = max(people, key=lambda seg: (seg[1] - seg[0], -seg[0]))
        warnings.append(
            QualityWarning(
                "several_people",
                f"The pose tracker switched between people {len(people) - 1} time(s); only "
                f"frames {kept[0]}-{kept[1] - 1}, the person followed longest, were used.",
                "Film with nobody else in view, or select the runner (--crop, --start, --end).",
            )
        )
    gate_visibility = np.where(detected[:, None], visibility, np.nan)
    if view == "rear":
        direction = rear.lateral_direction(xy)
        leg_px = rear.leg_length_px(xy)
        contacts, metrics, rear_warnings, extra = _rear_view(
            xy, fps, direction, leg_px, raw_xy, gate_visibility, height
        )
        warnings += rear_warnings
        _check_cadence(metrics, spectral, warnings)
    else:
        extra = {}
        contacts = ev.detect_contacts(xy, fps, direction, leg_px, cleaned.unfiltered)
        ctx = StepContext(xy, fps, direction, leg_px, contacts)
        metrics = side_view_metrics(ctx)
        warnings += gate(
            fps=fps,
            raw_xy=raw_xy,
            visibility=gate_visibility,
            frame_height=height,
            xy=xy,
            contacts=contacts,
            direction=direction,
        )
        _check_cadence(metrics, spectral, warnings)
        duty = metrics["duty_factor"].median
        if duty is not None and duty > 50.0:
            warnings.append(
                QualityWarning(
                    "walking",
                    "Each foot is on the ground more than half the time: this looks like walking.",
                    "Running reference ranges do not apply to walking.",
                )
            )
    return GaitResult(
        view=view,
        fps=fps,
        width=width,
        height=height,
        landmarks=landmarks,
        cleaned=cleaned,
        direction=direction,
        leg_length_px=leg_px,
        contacts=contacts,
        metrics=metrics,
        warnings=warnings,
        cadence_spectral_spm=spectral,
        extra={"pose_found_frames": int(detected.sum()), **extra},
    )


def analyse_video(
    path: Path | str,
    *,
    view: View = "side",
    estimator: PoseEstimator | None = None,
    settings: SignalSettings | None = None,
    limits: VideoLimits | None = None,
    slowmo_factor: float = 1.0,
    progress: Progress | None = None,
    overlay_path: Path | None = None,
    threaded: bool = True,
    crop: Crop | None = None,
    start_s: float = 0.0,
    end_s: float | None = None,
) -> GaitResult:
    """Analyse one video file. Raises :class:`~backstride.errors.InputError` for bad input.

    ``estimator`` defaults to :class:`MediaPipePose` (created and closed here).
    ``progress(done, total)`` is called after every frame of the pose pass. With
    ``overlay_path`` an annotated video is written after the analysis (:mod:`.overlay`);
    its real path (the suffix may change) is in ``result.overlay_path``. ``crop``
    (left, top, right, bottom as fractions) and ``start_s``/``end_s`` select the runner
    when the clip holds other people: BlazePose follows one person, the first it finds.
    """
    info = probe(path, limits=limits, slowmo_factor=slowmo_factor)
    limits = limits or VideoLimits()
    stop = info.duration_s if end_s is None else min(end_s, info.duration_s)
    if stop - start_s < limits.min_duration_s:
        raise InputError(
            f"the selected part is {max(0.0, stop - start_s):.1f} s long; "
            f"at least {limits.min_duration_s:.0f} s is needed",
            source=info.path.name,
        )
    own = estimator is None
    pose: PoseEstimator = MediaPipePose() if estimator is None else estimator
    spool = None
    if overlay_path is not None:
        from backstride.gait.framespool import FrameSpool
        from backstride.gait.overlay import overlay_size

        spool = FrameSpool(overlay_size(info))
    try:
        try:
            landmarks, times = estimate_landmarks(
                info,
                pose,
                progress=progress,
                threaded=threaded,
                crop=crop,
                start_s=start_s,
                end_s=end_s,
                spool=spool,
            )
        finally:
            if own and isinstance(pose, MediaPipePose):
                pose.close()
        result = _analyse_estimated(
            info, landmarks, times, view=view, settings=settings, start_s=start_s
        )
        if overlay_path is not None:
            from backstride.gait.overlay import write_overlay

            result.overlay_path = write_overlay(result, info, Path(overlay_path), spool=spool)
        return result
    finally:
        if spool is not None:
            spool.close()


def _analyse_estimated(
    info: VideoInfo,
    landmarks: FloatArray,
    times: FloatArray,
    *,
    view: View,
    settings: SignalSettings | None,
    start_s: float,
) -> GaitResult:
    fps = info.fps
    variable = is_variable_rate(times)
    if variable:
        real_times = (times - times[0]) / info.slowmo_factor
        fps = float(1.0 / np.median(np.diff(real_times)))
        landmarks = resample_uniform(landmarks, real_times, fps)
    result = analyse_landmarks(
        landmarks,
        fps=fps,
        width=info.width,
        height=info.height,
        view=view,
        settings=settings,
        source=info.path.name,
    )
    result.extra.update(
        {
            "rotation_deg": info.rotation_deg,
            "variable_frame_rate": variable,
            "container_fps": info.container_fps,
            "first_frame": round(start_s * info.fps),
        }
    )
    return result
