from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

SORTS = {
    "-start": ("-start_utc", "Newest first"),
    "start": ("start_utc", "Oldest first"),
    "-distance": ("-distance_m", "Longest distance"),
    "-duration": ("-elapsed_s", "Longest time"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError("Choose at least one file.", code="required")
        cleaned = []
        for item in files:
            try:
                cleaned.append(super().clean(item, initial))
            except forms.ValidationError as error:
                name = getattr(item, "name", "a file")
                raise forms.ValidationError(
                    [f"{name}: {message}" for message in error.messages]
                ) from None
        return cleaned


def safe_name(name: str) -> str:
    """A file name that is safe to store: no folders, no odd characters."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", name.replace("\\", "/").rsplit("/", 1)[-1])
    return base.strip("._")[:120] or "upload"


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        label="Activity files or export archive",
        help_text=(
            "FIT, GPX or TCX files (also .gz), a Strava bulk export zip or a Garmin Connect "
            "export zip. You can choose many files at once."
        ),
        widget=MultipleFileInput(attrs={"accept": ".fit,.gpx,.tcx,.gz,.zip"}),
    )

    def clean_uploads(self) -> list[UploadedFile[Any]]:
        files: list[UploadedFile[Any]] = self.cleaned_data["uploads"]
        if len(files) > settings.MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                f"{len(files)} files chosen; the limit is {settings.MAX_UPLOAD_FILES} per upload "
                "(zip them, or upload in parts)."
            )
        limit = settings.MAX_UPLOAD_MB * 1024 * 1024
        for upload in files:
            if (upload.size or 0) > limit:
                raise forms.ValidationError(
                    f"{upload.name}: {upload.size:,} bytes is over the upload limit of "
                    f"{settings.MAX_UPLOAD_MB} MiB."
                )
            if not upload.size:
                raise forms.ValidationError(f"{upload.name}: the file is empty (0 bytes).")
        return files


class FilterForm(forms.Form):
    sport = forms.ChoiceField(required=False, label="Sport")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        required=False, label="Sort", choices=[(key, label) for key, (_, label) in SORTS.items()]
    )

    def __init__(self, *args: Any, sports: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sport = self.fields["sport"]
        assert isinstance(sport, forms.ChoiceField)
        sport.choices = [("", "All sports"), *((s, s.replace("_", " ")) for s in sports)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "“To” is before “From”.")
        return cleaned
