"""A runner's full data export (right of access and portability).

Each app adds the section it owns with :func:`export_section`, so the export grows with
the product and nothing a user stored is left out.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.forms.models import model_to_dict

from backstride_web.accounts.models import CareGrant, RunnerProfile, User
from backstride_web.jobs.models import Job
from backstride_web.jobs.registry import Progress, job_kind

FORMAT = "backstride-export"
FORMAT_VERSION = 1

Section = Callable[[User], Any]
SECTIONS: dict[str, Section] = {}


def export_section(name: str) -> Callable[[Section], Section]:
    def register(function: Section) -> Section:
        SECTIONS[name] = function
        return function

    return register


@export_section("account")
def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


@export_section("runner_profile")
def _profile(user: User) -> dict[str, Any] | None:
    profile = RunnerProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return model_to_dict(profile, exclude=["id", "user"])


@export_section("care_grants")
def _grants(user: User) -> list[dict[str, Any]]:
    grants = CareGrant.objects.filter(runner=user).select_related("clinician")
    return [
        {
            "clinician": grant.clinician.email,
            "scope": grant.scope,
            "created_at": grant.created_at.isoformat(),
            "revoked_at": grant.revoked_at.isoformat() if grant.revoked_at else None,
        }
        for grant in grants
    ]


def build_export(user: User, *, now: datetime, progress: Progress | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": now.isoformat(),
    }
    for index, (name, section) in enumerate(SECTIONS.items()):
        if progress is not None:
            progress(90 * index / len(SECTIONS), f"Collecting {name.replace('_', ' ')}")
        document[name] = section(user)
    return document


def write_atomically(path: Path, payload: str) -> None:
    """Write to a private temporary file beside ``path``, then rename it into place, so a
    reader never sees half a file and two writers never share a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


@job_kind("export_account", label="Export of all my data")
def export_account(job: Job, progress: Progress) -> dict[str, Any]:
    started = job.started_at
    assert started is not None
    document = build_export(job.owner, now=started, progress=progress)
    progress(95, "Writing the file")
    payload = json.dumps(document, indent=2, default=str, sort_keys=False)
    name = f"backstride-export-{started:%Y%m%d-%H%M%S}-{job.pk.hex[:8]}.json"
    relative = Path("exports") / str(job.owner.pk) / name
    write_atomically(Path(settings.MEDIA_ROOT) / relative, payload)
    return {"file": relative.as_posix(), "bytes": len(payload.encode())}
