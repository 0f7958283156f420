"""The files an account owns on storage, found the same way for export and for deletion.

Files live in Django's default storage (a folder under ``MEDIA_ROOT``, or an S3-compatible
bucket, see docs/deploy.md), under a prefix per account: ``originals/<id>/``,
``exports/<id>/``, ``gait/<id>/`` and whatever an app adds with :func:`owned_prefix`.
Files referenced by a ``FileField`` of a row that belongs to the account (gait videos, for
instance) are found from the rows themselves, wherever ``upload_to`` put them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import models
from django.db.models.deletion import Collector

from backstride_web.accounts.models import User

# Prefixes in the default storage, formatted with ``user_id``.
PREFIXES: list[str] = ["originals/{user_id}", "exports/{user_id}", "gait/{user_id}"]

# Upload staging: always a local folder (the worker reads it as files), see activities.jobs.
LOCAL_PREFIXES: list[str] = ["imports/{user_id}"]


def owned_prefix(template: str) -> str:
    """Declare a storage prefix (``"gait/{user_id}"``) whose files belong to one account,
    so deletion removes them; returns the template."""
    if "{user_id}" not in template:
        raise ValueError(f"storage prefix {template!r} must contain {{user_id}}")
    if template not in PREFIXES:
        PREFIXES.append(template)
    return template


def walk(prefix: str, storage: Storage | None = None) -> Iterator[str]:
    """Every file name under ``prefix`` in the storage, depth first, sorted."""
    store = storage or default_storage
    try:
        folders, files = store.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield f"{prefix}/{name}"
    for folder in sorted(folders):
        yield from walk(f"{prefix}/{folder}", store)


def row_files(user: User) -> list[str]:
    """Storage names held by ``FileField``s of every row deleting ``user`` would delete."""
    collector = Collector(using="default")
    collector.collect([user])
    names: list[str] = []
    for model, instances in collector.data.items():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for instance in instances:
            for field in file_fields:
                name = getattr(instance, field.attname)
                if name:
                    names.append(str(name))
    for queryset in collector.fast_deletes:
        file_fields = [
            f for f in queryset.model._meta.concrete_fields if isinstance(f, models.FileField)
        ]
        for field in file_fields:
            names.extend(
                str(name) for name in queryset.values_list(field.attname, flat=True) if name
            )
    return names


def owned_files(user: User) -> list[str]:
    """Every storage name that belongs to ``user`` (prefixes and file fields), no repeats."""
    found = dict.fromkeys(row_files(user))
    for template in PREFIXES:
        found.update(dict.fromkeys(walk(template.format(user_id=user.pk))))
    return list(found)


def delete_files(user_id: int, names: list[str]) -> int:
    """Delete ``names`` from storage and account ``user_id``'s folders; the count removed.

    Called after the rows are gone. Missing files are fine (deleted before); any other
    failure propagates, so a file that could not be removed is never silently kept.
    """
    removed = 0
    for name in names:
        if default_storage.exists(name):
            default_storage.delete(name)
            removed += 1
    root = Path(settings.MEDIA_ROOT)
    folders = [root / t.format(user_id=user_id) for t in LOCAL_PREFIXES]
    if isinstance(default_storage, FileSystemStorage):
        # Remove the emptied folders too (and anything written there since).
        folders += [Path(default_storage.path(t.format(user_id=user_id))) for t in PREFIXES]
    for folder in folders:
        if folder.is_dir():
            removed += sum(1 for p in folder.rglob("*") if p.is_file())
            shutil.rmtree(folder)
    return removed
