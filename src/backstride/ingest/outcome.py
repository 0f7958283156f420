"""What importing one file produced: an activity, a skip, or an error naming the file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backstride.errors import InputError, UnsupportedFormatError
from backstride.model import Activity, ParseResult


class NotAnActivityError(UnsupportedFormatError):
    """A valid file of a known format that holds no activity (a workout, a route...)."""


class OutcomeStatus(StrEnum):
    OK = "ok"
    """An activity was decoded (possibly recovered from a damaged file: see warnings)."""
    SKIPPED = "skipped"
    """A readable file that is not an activity (FIT workout, GPX route, ...)."""
    FAILED = "failed"
    """The file could not be used; ``error`` says why."""


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """The result for one input file; ``name`` is its path, ``!``-joined inside archives."""

    name: str
    status: OutcomeStatus
    result: ParseResult | None = None
    error: InputError | None = None

    @property
    def activity(self) -> Activity | None:
        return self.result.activity if self.result is not None else None

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.result.warnings if self.result is not None else ()

    @property
    def message(self) -> str:
        """One human line: the error, the skip reason, or the warnings ("" when clean)."""
        if self.error is not None:
            return self.error.message
        return "; ".join(self.warnings)

    @classmethod
    def from_error(cls, name: str, error: InputError) -> FileOutcome:
        status = (
            OutcomeStatus.SKIPPED if isinstance(error, NotAnActivityError) else OutcomeStatus.FAILED
        )
        if error.source is None:
            error.source = name
        return cls(name, status, error=error)
