"""The one error tree of backstride.

::

    BackstrideError                   anything backstride raises on purpose
    ├── ConfigurationError            a setting or environment variable is wrong
    ├── InputError                    a user's file or answer cannot be used
    │   ├── UnsupportedFormatError    the file is not a format we read
    │   ├── CorruptFileError          the file is a known format but broken
    │   └── LimitExceededError        the file is too big, too long, too many
    └── SafetyBlockError              a red flag blocks the requested action

Every error carries a human message; input errors also name the file (or form field)
they are about, so a user can tell which of a hundred uploads failed and why.
"""

from __future__ import annotations


class BackstrideError(Exception):
    """Base class for errors backstride raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(BackstrideError):
    """A setting or environment variable has a value we cannot use."""


class InputError(BackstrideError):
    """A user-supplied file or value cannot be used.

    ``source`` names the file or field; ``str(error)`` reads "source: message".
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class UnsupportedFormatError(InputError):
    """The file is not in a format backstride reads."""


class CorruptFileError(InputError):
    """The file claims a known format but its content is broken."""


class LimitExceededError(InputError):
    """The input exceeds a configured limit (size, count, duration)."""


class SafetyBlockError(BackstrideError):
    """A positive red-flag screen blocks the requested plan or exercise."""
