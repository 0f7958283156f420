"""Cited knowledge: the ``.toml`` data files in this folder and a small typed loader.

Knowledge is data, code interprets it. Every file has a ``[meta]`` table (``title``,
``version``); every other table in a file is an *entry* and carries a ``source`` (a
non-empty string or list of strings) and an ``evidence`` grade from :data:`EVIDENCE_GRADES`,
either itself or inherited from the nearest enclosing table that has them (so the
items of an instrument inherit the instrument's source). :func:`validate` checks this;
``tests/core/knowledge`` runs it over every file, so a new file is checked the day it lands.

Files are named by their path below this folder without the suffix, e.g. ``"redflags"``
or ``"instruments/startback"``. :func:`load` parses once and hands out a deep copy, so
callers may not corrupt the cache.
"""

from __future__ import annotations

import copy
import functools
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Final

from backstride.errors import ConfigurationError

__all__ = [
    "EVIDENCE_GRADES",
    "as_float",
    "as_int",
    "as_str",
    "as_str_list",
    "as_table",
    "as_tables",
    "load",
    "names",
    "validate",
]

#: The evidence vocabulary, strongest first (DESIGN.md §4, KNOWLEDGE.md preamble).
EVIDENCE_GRADES: Final[tuple[str, ...]] = (
    "strong",
    "moderate",
    "weak",
    "case reports",
    "anecdotal",
)

_SUFFIX: Final = ".toml"


def _root() -> Traversable:
    return resources.files(__name__)


def _walk(folder: Traversable, prefix: str) -> list[str]:
    found: list[str] = []
    for child in folder.iterdir():
        if child.is_dir() and not child.name.startswith(("_", ".")):
            found.extend(_walk(child, f"{prefix}{child.name}/"))
        elif child.is_file() and child.name.endswith(_SUFFIX):
            found.append(prefix + child.name.removesuffix(_SUFFIX))
    return found


def names() -> list[str]:
    """Every knowledge file, as the names :func:`load` accepts, sorted."""
    return sorted(_walk(_root(), ""))


@functools.cache
def _parse(name: str) -> dict[str, Any]:
    if name not in names():
        raise ConfigurationError(f"no knowledge file named {name!r}; known: {', '.join(names())}")
    node = _root()
    *folders, stem = name.split("/")
    for part in folders:
        node = node / part
    text = (node / (stem + _SUFFIX)).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:  # a broken shipped file is our bug, say where
        raise ConfigurationError(
            f"knowledge file {name}.toml is not valid TOML: {error}"
        ) from error


def load(name: str) -> dict[str, Any]:
    """Return the parsed knowledge file ``name`` (a fresh copy; parsing is cached).

    Raises :class:`~backstride.errors.ConfigurationError` for an unknown name or a file
    that is not valid TOML.
    """
    return copy.deepcopy(_parse(name))


def _is_source(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, str) and item.strip() for item in value)
    )


def _check_table(
    table: Mapping[str, Any],
    where: str,
    inherited_source: bool,
    inherited_evidence: bool,
    problems: list[str],
) -> None:
    has_source = inherited_source
    has_evidence = inherited_evidence
    if "source" in table:
        if _is_source(table["source"]):
            has_source = True
        else:
            problems.append(f"{where}: 'source' must be a non-empty string or list of strings")
    if "evidence" in table:
        if table["evidence"] in EVIDENCE_GRADES:
            has_evidence = True
        else:
            grades = ", ".join(EVIDENCE_GRADES)
            problems.append(f"{where}: evidence {table['evidence']!r} is not one of {grades}")
    if not has_source:
        problems.append(f"{where}: no 'source'")
    if not has_evidence:
        problems.append(f"{where}: no 'evidence' grade")
    for key, value in table.items():
        children: Sequence[object] = value if isinstance(value, list) else [value]
        for index, child in enumerate(children):
            if isinstance(child, dict):
                label = f"{where}.{key}[{index}]" if isinstance(value, list) else f"{where}.{key}"
                _check_table(child, label, has_source, has_evidence, problems)


def validate(data: Mapping[str, Any], name: str = "<data>") -> list[str]:
    """Return the problems in one parsed knowledge file (an empty list when it is sound).

    Checks the ``[meta]`` table (``title`` and ``version``) and that every other table
    has a ``source`` and a valid ``evidence`` grade, itself or inherited.
    """
    problems: list[str] = []
    meta = data.get("meta")
    if not isinstance(meta, dict):
        problems.append(f"{name}: no [meta] table")
    else:
        for key in ("title", "version"):
            if key not in meta:
                problems.append(f"{name}.meta: no {key!r}")
    for key, value in data.items():
        if key == "meta":
            continue
        children: Sequence[object] = value if isinstance(value, list) else [value]
        for index, child in enumerate(children):
            if isinstance(child, dict):
                label = f"{name}.{key}[{index}]" if isinstance(value, list) else f"{name}.{key}"
                _check_table(child, label, False, False, problems)
    return problems


# Typed accessors for code that interprets a parsed file. A wrong type in a shipped file is a
# bug in the data, reported as a ConfigurationError naming the key.


def as_table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    """``data[key]`` as a table."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigurationError(f"knowledge: {key!r} must be a table")
    return value


def as_tables(data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """``data[key]`` as an array of tables."""
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ConfigurationError(f"knowledge: {key!r} must be an array of tables")
    return value


def as_str(data: Mapping[str, Any], key: str) -> str:
    """``data[key]`` as a string (a list of strings is joined with '; ')."""
    value = data.get(key)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(value)
    if not isinstance(value, str):
        raise ConfigurationError(f"knowledge: {key!r} must be a string")
    return value


def as_str_list(data: Mapping[str, Any], key: str) -> list[str]:
    """``data[key]`` as a list of strings (a single string becomes a one-item list)."""
    value = data.get(key, [])
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigurationError(f"knowledge: {key!r} must be a list of strings")
    return value


def as_float(data: Mapping[str, Any], key: str) -> float:
    """``data[key]`` as a number."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(f"knowledge: {key!r} must be a number")
    return float(value)


def as_int(data: Mapping[str, Any], key: str) -> int:
    """``data[key]`` as an integer."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigurationError(f"knowledge: {key!r} must be an integer")
    return value
