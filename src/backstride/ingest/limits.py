"""Import limits: the defence against zip bombs, huge uploads and archive tricks.

The web settings map onto these fields one to one; the defaults suit a single runner
importing a decade of history (a Garmin export of 3,000 activities is ~1 GB unzipped).
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportLimits:
    max_file_bytes: int = 200 * MIB
    """One activity file, after decompression (the largest real FIT files are ~20 MB)."""
    max_archive_bytes: int = 4096 * MIB
    """An archive (zip) file as given, before decompression."""
    max_total_uncompressed_bytes: int = 8192 * MIB
    """All bytes decompressed from one archive, nested archives included (zip bombs)."""
    max_files: int = 50_000
    """Members of one archive, nested archives included."""
    max_nesting: int = 3
    """Archives inside archives (a Garmin export nests zips one level deep)."""

    def __post_init__(self) -> None:
        for name in self.__slots__:
            if getattr(self, name) < 0:
                raise ValueError(f"ImportLimits.{name} must not be negative")
