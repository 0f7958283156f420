from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from backstride.gait import VideoLimits
from backstride_web.gait.models import GaitView
from backstride_web.gait.services import VIDEO_SUFFIXES

Crop = tuple[float, float, float, float]


def parse_crop(text: str) -> Crop | None:
    """ "left, top, right, bottom" in % of the frame → fractions; "" → None (whole frame)."""
    text = text.strip()
    if not text:
        return None
    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise forms.ValidationError(
            "Write four numbers: left, top, right, bottom in % of the frame (e.g. 0, 48, 100, 100)."
        ) from None
    if len(values) != 4:
        raise forms.ValidationError(
            f"{len(values)} number(s) given; write four: left, top, right, bottom "
            "in % of the frame."
        )
    left, top, right, bottom = values
    if not (0 <= left < right <= 100 and 0 <= top < bottom <= 100):
        raise forms.ValidationError(
            "Each number is 0–100 and left must be less than right, top less than bottom."
        )
    if (right - left) < 10 or (bottom - top) < 10:
        raise forms.ValidationError("Keep at least 10 % of the frame in each direction.")
    return (left / 100, top / 100, right / 100, bottom / 100)


class UploadForm(forms.Form):
    video = forms.FileField(
        label="Video",
        help_text="mp4, mov, avi or webm; 3 s to 3 min. 15–30 s of steady running, filmed "
        "side-on from a tripod at hip height, works best.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".mp4,.mov,.avi,.webm,video/mp4,video/quicktime,video/webm"}
        ),
    )
    view = forms.ChoiceField(
        label="Filmed from",
        choices=GaitView.choices,
        initial=GaitView.SIDE,
        widget=forms.RadioSelect,
    )
    label = forms.CharField(
        label="Label",
        required=False,
        max_length=80,
        help_text="Optional, e.g. “before” and “after” to compare two sessions.",
    )
    filmed_fps = forms.FloatField(
        label="Filmed at (frames/s)",
        required=False,
        min_value=15,
        max_value=1000,
        help_text="Only for a slow-motion video: the frame rate it was filmed at (e.g. 120 or "
        "240). Leave empty otherwise.",
    )
    start_s = forms.FloatField(label="Start at (s)", required=False, min_value=0)
    end_s = forms.FloatField(label="End at (s)", required=False, min_value=0)
    crop = forms.CharField(
        label="Crop (left, top, right, bottom in %)",
        required=False,
        max_length=60,
        help_text="When someone else is in view: keep only the part of the frame the runner "
        "is in, e.g. 0, 48, 100, 100 for the lower half.",
    )

    def clean_video(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["video"]
        name = upload.name or "video"
        suffix = Path(name).suffix.lower()
        if suffix not in VIDEO_SUFFIXES:
            raise forms.ValidationError(
                f"{name}: {suffix or 'no extension'} is not a video format we read; "
                f"choose an {', '.join(s[1:] for s in VIDEO_SUFFIXES)} file."
            )
        limit = min(settings.MAX_UPLOAD_MB * 1024 * 1024, VideoLimits().max_bytes)
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                f"{name}: {upload.size:,} bytes is over the limit of {limit / 1e6:,.0f} MB; "
                "trim the clip to 10–30 s."
            )
        if not upload.size:
            raise forms.ValidationError(f"{name}: the file is empty (0 bytes).")
        return upload

    def clean_crop(self) -> Crop | None:
        return parse_crop(self.cleaned_data.get("crop") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_s"), cleaned.get("end_s")
        if start is not None and end is not None and end - start < VideoLimits().min_duration_s:
            self.add_error(
                "end_s",
                f"End must be at least {VideoLimits().min_duration_s:g} s after the start.",
            )
        return cleaned
