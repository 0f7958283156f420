from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backstride.errors import ConfigurationError
from backstride_web.config import env

ROOT = Path(__file__).resolve().parents[3]


def _run_settings(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    inherited = {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
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


def test_check_deploy_is_clean_in_production_settings(tmp_path: Path) -> None:
    completed = _run_settings(
        tmp_path,
        DEBUG="0",
        BACKSTRIDE_HTTPS="1",
        ALLOWED_HOSTS="backstride.example.org",
        SECRET_KEY="k" * 20 + "-a-long-random-looking-secret-value-for-the-test-0123456789",
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


def test_check_deploy_warns_without_https(tmp_path: Path) -> None:
    completed = _run_settings(tmp_path, DEBUG="0")
    assert completed.returncode != 0
    assert "SECURE_HSTS_SECONDS" in completed.stdout + completed.stderr


def test_a_bad_boolean_fails_loudly(tmp_path: Path) -> None:
    completed = _run_settings(tmp_path, DEBUG="maybe")
    assert completed.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in completed.stderr


def test_an_unsupported_database_fails_loudly(tmp_path: Path) -> None:
    completed = _run_settings(tmp_path, DATABASE_URL="mysql://u:p@localhost/db")
    assert "backstride supports sqlite:// and postgres:// only" in completed.stderr


def test_env_int_rejects_garbage_and_small_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_TEST_INT", "ten")
    with pytest.raises(ConfigurationError, match="X_TEST_INT='ten' is not a whole number"):
        env.env_int("X_TEST_INT", 1, "test")
    monkeypatch.setenv("X_TEST_INT", "0")
    with pytest.raises(ConfigurationError, match="must be at least 1"):
        env.env_int("X_TEST_INT", 1, "test", minimum=1)
    env.DECLARED.pop("X_TEST_INT")


def test_secrets_can_come_from_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("X_TEST_SECRET_FILE", str(secret))
    assert env.env_str("X_TEST_SECRET", "", "test") == "from-a-file"
    monkeypatch.setenv("X_TEST_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigurationError, match="X_TEST_SECRET_FILE: cannot read"):
        env.env_str("X_TEST_SECRET", "", "test")
    env.DECLARED.pop("X_TEST_SECRET")


def test_the_generated_secret_key_is_private_and_kept(tmp_path: Path) -> None:
    first = env.persisted_secret_key(tmp_path)
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert env.persisted_secret_key(tmp_path) == first


def test_sqlite_runs_in_wal_mode(db: None) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; this run is on " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000


def test_every_setting_is_documented() -> None:
    docs = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [
        name for name in env.DECLARED if not name.startswith("X_TEST") and f"`{name}`" not in docs
    ]
    assert missing == []
