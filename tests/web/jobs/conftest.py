from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backstride.errors import CorruptFileError
from backstride_web.jobs.registry import KINDS, Progress, job_kind


@pytest.fixture
def test_kinds() -> Iterator[list[Any]]:
    """Register job kinds that exercise the machinery (steps, input errors, crashes)."""
    calls: list[Any] = []

    @job_kind("test_steps", label="Counting steps")
    def steps(job: Any, progress: Progress) -> dict[str, Any]:
        for step in range(int(job.params.get("steps", 3))):
            progress(100 * step / 3, f"step {step}")
            calls.append(step)
        return {"steps": len(calls)}

    @job_kind("test_bad_input", label="Bad input")
    def bad_input(job: Any, progress: Progress) -> dict[str, Any]:
        raise CorruptFileError("the file ends in the middle of a record", source="run.fit")

    @job_kind("test_crash", label="Crash")
    def crash(job: Any, progress: Progress) -> dict[str, Any]:
        progress(40, "almost")
        raise ZeroDivisionError("division by zero")

    yield calls
    for name in ("test_steps", "test_bad_input", "test_crash"):
        KINDS.pop(name, None)
