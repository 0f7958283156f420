"""The activities part of a runner's data export: every activity's figures in ``data.json``
and its samples as one CSV file per activity under ``streams/`` (the original uploaded files
are under ``originals/``, see :mod:`backstride_web.activities.originals`)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import numpy as np
from django.forms.models import model_to_dict

from backstride.streams_io import unpack_streams
from backstride_web.accounts.export import ExportSource, export_files, export_section
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity, ActivityStreams


@export_section("activities")
def export_activities(user: User) -> list[dict[str, Any]]:
    rows = Activity.objects.filter(owner=user).order_by("start_utc", "pk")
    return [
        {"id": a.pk, **model_to_dict(a, exclude=["id", "owner"]), "start_utc": a.start_utc}
        for a in rows.iterator(chunk_size=500)
    ]


def streams_csv(blob: bytes) -> bytes:
    """One activity's samples as CSV: a header of channel names, one row per sample, an
    empty cell for a gap."""
    channels = unpack_streams(blob).channels()
    columns = [
        ["" if v != v else repr(v) for v in np.asarray(values, dtype=np.float64).tolist()]
        for values in channels.values()
    ]
    out = io.StringIO()
    out.write(",".join(channels) + "\n")
    out.writelines(",".join(row) + "\n" for row in zip(*columns, strict=True))
    return out.getvalue().encode()


@export_files(
    "streams",
    description="The samples of every run as CSV, one file per activity (named by its\n"
    "start time and id): time_s, then the channels the watch recorded\n"
    "(distance_m, speed_mps, heart_rate_bpm, cadence_spm, altitude_m, lat_deg,\n"
    "lon_deg, ...); an empty cell is a gap.",
)
def export_streams(user: User) -> Iterator[tuple[str, ExportSource]]:
    """``streams/<start>-<activity id>.csv`` for every activity with samples."""
    blobs = (
        ActivityStreams.objects.filter(activity__owner=user, activity__samples__gt=0)
        .select_related("activity")
        .only("data", "activity__id", "activity__start_utc")
        .order_by("activity__start_utc", "activity__pk")
    )
    for row in blobs.iterator(chunk_size=20):
        yield (
            f"{row.activity.start_utc:%Y%m%d-%H%M%S}-{row.activity.pk}.csv",
            streams_csv(bytes(row.data)),
        )
