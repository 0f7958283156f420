"""BACKSTRIDE_STORAGE picks the file storage; S3 settings are checked when the settings load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
PRINT = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.STORAGES['default']))"
)


def _storage(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BACKSTRIDE_S")}
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={
            **clean,
            "BACKSTRIDE_HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "backstride_web.config.settings",
            **environ,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _default(tmp_path: Path, **environ: str) -> dict[str, Any]:
    completed = _storage(tmp_path, **environ)
    assert completed.returncode == 0, completed.stderr
    loaded: dict[str, Any] = json.loads(completed.stdout)
    return loaded


def test_the_default_is_the_local_folder(tmp_path: Path) -> None:
    assert _default(tmp_path) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_uses_django_storages_with_a_private_bucket(tmp_path: Path) -> None:
    secret = tmp_path / "s3-secret"
    secret.write_text("minio-secret\n")
    default = _default(
        tmp_path,
        BACKSTRIDE_STORAGE="s3",
        BACKSTRIDE_S3_BUCKET="clinic-files",
        BACKSTRIDE_S3_ENDPOINT_URL="https://minio.clinic.internal:9000",
        BACKSTRIDE_S3_ACCESS_KEY_ID="backstride",
        BACKSTRIDE_S3_SECRET_ACCESS_KEY_FILE=str(secret),
    )
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "clinic-files"
    assert options["endpoint_url"] == "https://minio.clinic.internal:9000"
    assert (options["access_key"], options["secret_key"]) == ("backstride", "minio-secret")
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False


def test_s3_without_a_bucket_or_an_unknown_storage_fails_loudly(tmp_path: Path) -> None:
    no_bucket = _storage(tmp_path, BACKSTRIDE_STORAGE="s3")
    assert "BACKSTRIDE_STORAGE=s3 needs BACKSTRIDE_S3_BUCKET" in no_bucket.stderr
    unknown = _storage(tmp_path, BACKSTRIDE_STORAGE="ftp")
    assert "BACKSTRIDE_STORAGE='ftp' is not a storage" in unknown.stderr
