"""Helpers for the reasoning tests: case files and a minimal case built in code."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from backstride.reason.case import Case, RedFlagSummary

CASES = Path(__file__).resolve().parents[2] / "data" / "cases"
AS_OF = datetime(2026, 11, 27, 9, tzinfo=UTC)


def bare_case(**overrides: Any) -> Case:
    """A screened case with no data at all: every signal unknown."""
    fields: dict[str, Any] = {"as_of": AS_OF, "red_flags": RedFlagSummary(screened=True)}
    fields.update(overrides)
    return Case(**fields)


@pytest.fixture
def cases_dir() -> Path:
    return CASES
