from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms

from backstride_web.diary.models import Character, DailyCheckin, Location

ONSET_CHIPS_MIN = (2, 4, 5, 6, 8, 10, 15, 20, 30)
PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]
METRES_PER_MILE = 1609.344

_CLOCK = re.compile(r"^\s*(\d{1,3}):([0-5]\d)\s*$")
_MINUTES = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minutes)?\s*$")
_DISTANCE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(km|k|mi|miles?)\s*$", re.IGNORECASE)


def parse_onset(text: str) -> tuple[str, float]:
    """``("time", seconds)`` for "5", "5.5" or "5:30"; ``("distance", metres)`` for
    "1.2 km" or "0.8 mi". Raises ValidationError with the accepted forms otherwise."""
    if match := _CLOCK.match(text):
        return "time", int(match[1]) * 60 + int(match[2])
    if match := _MINUTES.match(text):
        return "time", float(match[1].replace(",", ".")) * 60
    if match := _DISTANCE.match(text):
        value = float(match[1].replace(",", "."))
        unit = match[2].lower()
        return "distance", value * (1000 if unit.startswith("k") else METRES_PER_MILE)
    raise forms.ValidationError(
        "Write minutes (5), minutes:seconds (5:30) or a distance (1.2 km, 0.8 mi)."
    )


class RunPainForm(forms.Form):
    """The pain report for one run: onset and peak are the essentials (three taps)."""

    onset_chip = forms.TypedChoiceField(
        label="Pain started after",
        choices=[(str(m * 60), f"{m} min") for m in ONSET_CHIPS_MIN],
        coerce=float,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "chip"}),
    )
    onset_other = forms.CharField(
        label="or exactly",
        required=False,
        max_length=20,
        help_text="5:30 (min:s) or 1.2 km",
    )
    peak = forms.TypedChoiceField(
        label="Worst pain (0–10)",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "chip"}),
    )
    character = forms.ChoiceField(
        choices=Character.choices, required=False, widget=forms.RadioSelect
    )
    location = forms.ChoiceField(choices=Location.choices, required=False, widget=forms.RadioSelect)
    stopped = forms.BooleanField(label="I had to stop running", required=False)
    walked_off = forms.BooleanField(label="Walking made it settle", required=False)
    settle_min = forms.IntegerField(
        label="Minutes until it settled", required=False, min_value=0, max_value=24 * 60
    )
    next_morning = forms.TypedChoiceField(
        label="Pain the next morning (0–10)",
        choices=[("", "not yet"), *PAIN_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Your morning check-in fills this in for you.",
    )
    warmup_min = forms.FloatField(
        label="Warm-up before running (min)",
        required=False,
        min_value=0,
        max_value=180,
        help_text="From your watch file; correct it if it is wrong.",
    )
    sat_hours_before = forms.FloatField(
        label="Hours sitting before the run", required=False, min_value=0, max_value=24
    )
    lifted_48h = forms.BooleanField(label="Heavy lifting in the last 48 h", required=False)
    shoes = forms.CharField(required=False, max_length=60)

    def __init__(self, *args: Any, duration_s: float, distance_m: float | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.duration_s = duration_s
        self.distance_m = distance_m

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        other = (cleaned.get("onset_other") or "").strip()
        chip = cleaned.get("onset_chip")
        onset: tuple[str, float] | None = None
        if other:
            try:
                onset = parse_onset(other)
            except forms.ValidationError as error:
                self.add_error("onset_other", error)
                return cleaned
        elif chip not in (None, ""):
            onset = ("time", float(chip))
        if onset is None:
            self.add_error("onset_chip", "When did the pain start? Tap a time or write one.")
            return cleaned
        kind, value = onset
        field = "onset_other" if other else "onset_chip"
        if kind == "time" and value > self.duration_s:
            self.add_error(
                field, f"That is after the run ended ({self.duration_s / 60:.0f} min long)."
            )
        if kind == "distance":
            if self.distance_m is None:
                self.add_error("onset_other", "This run has no distance; give a time instead.")
            elif value > self.distance_m:
                self.add_error(
                    "onset_other",
                    f"That is past the end of the run ({self.distance_m / 1000:.2f} km).",
                )
        cleaned["onset"] = onset
        return cleaned


EARLIEST_DAY = datetime.date(1900, 1, 1)
"""Dates before this are typing mistakes; ``date.min`` would also break "the day before"."""


class CheckinForm(forms.ModelForm):  # type: ignore[type-arg]
    morning_pain = forms.TypedChoiceField(
        label="Back pain this morning (0–10)",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "chip"}),
    )
    morning_stiffness = forms.TypedChoiceField(
        label="Stiffness this morning (0–10)",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "chip"}),
    )

    class Meta:
        model = DailyCheckin
        fields = (
            "day",
            "morning_pain",
            "morning_stiffness",
            "sitting_hours",
            "sleep_hours",
            "exercises_done",
            "note",
        )
        widgets = {"day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"exercises_done": "I did my exercises yesterday", "note": "Note (optional)"}

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if day > self.today:
            raise forms.ValidationError("The day is in the future.")
        if day < EARLIEST_DAY:
            raise forms.ValidationError(f"The day is before {EARLIEST_DAY:%Y}.")
        return day


class ManualRunForm(forms.Form):
    started = forms.DateTimeField(
        label="Started at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration = forms.CharField(label="Duration", help_text="Minutes (35) or h:mm (1:05)")
    distance_km = forms.FloatField(
        label="Distance (km)", required=False, min_value=0.01, max_value=400
    )

    def __init__(self, *args: Any, now: datetime.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_started(self) -> datetime.datetime:
        started: datetime.datetime = self.cleaned_data["started"]
        if started > self.now:
            raise forms.ValidationError("The start is in the future.")
        return started

    def clean_duration(self) -> float:
        text = self.cleaned_data["duration"].strip()
        if match := re.fullmatch(r"(\d{1,2}):([0-5]\d)", text):
            seconds = int(match[1]) * 3600 + int(match[2]) * 60
        elif re.fullmatch(r"\d{1,4}", text):
            seconds = int(text) * 60
        else:
            raise forms.ValidationError("Write minutes (35) or hours:minutes (1:05).")
        if not 0 < seconds <= 24 * 3600:
            raise forms.ValidationError("A run lasts between a minute and a day.")
        return float(seconds)
