"""Typed readers for environment variables that fail loudly.

Every reader records the variable it reads in :data:`DECLARED`, so the settings are
declared as data: ``docs/settings.md`` must describe each one (a test checks it) and
``backstride manage diffsettings`` is never the only documentation.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from backstride.errors import ConfigurationError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Declared:
    name: str
    default: str
    help: str


DECLARED: dict[str, Declared] = {}


def _raw(name: str, default: object, help: str) -> str | None:
    DECLARED[name] = Declared(name, "" if default is None else str(default), help)
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: str, help: str) -> str:
    value = _raw(name, default, help)
    return default if value is None else value


def env_bool(name: str, default: bool, help: str) -> bool:
    value = _raw(name, int(default), help)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int, help: str, *, minimum: int = 0) -> int:
    value = _raw(name, default, help)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number") from None
    if number < minimum:
        raise ConfigurationError(f"{name}={number} must be at least {minimum}")
    return number


def env_list(name: str, default: list[str], help: str) -> list[str]:
    value = _raw(name, ",".join(default), help)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path, help: str) -> Path:
    value = _raw(name, default, help)
    return (Path(value).expanduser() if value else default).resolve()


def default_home() -> Path:
    """The per-user data folder: ``$XDG_DATA_HOME/backstride`` or ``~/.local/share/backstride``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "backstride"


def persisted_secret_key(home: Path) -> str:
    """Return the secret key stored in ``home``, creating it (mode 0600) on first use.

    A local install has no operator to set ``SECRET_KEY``; a random key kept in the data
    folder keeps sessions valid across restarts without ever shipping a default key.
    """
    key_file = home / "secret_key"
    try:
        key = key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    if len(key) >= 50:
        return key
    key = secrets.token_urlsafe(64)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
