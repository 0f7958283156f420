"""The sections of the clinician report, registered by the apps that own the data.

Each app adds its section with :func:`report_section` (imported from its ``AppConfig.ready``),
so the report grows with the product and this app never reaches into another app's models.
A section's ``build`` returns the template context for that section, or ``None`` when the
runner has nothing to show for the period (the section is then listed as "no data").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backstride_web.accounts.models import User


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date
    """Inclusive."""


Build = Callable[["User", ReportPeriod], dict[str, Any] | None]


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    order: int
    """Sections are printed in ascending order."""
    template: str
    """Renders the section; gets ``section`` (the built context) and ``period``."""
    build: Build


SECTIONS: dict[str, ReportSection] = {}


def report_section(key: str, *, title: str, order: int, template: str) -> Callable[[Build], Build]:
    def register(build: Build) -> Build:
        if key in SECTIONS and SECTIONS[key].build is not build:
            raise ValueError(f"report section {key!r} is registered twice")
        SECTIONS[key] = ReportSection(key, title, order, template, build)
        return build

    return register


def ordered_sections() -> list[ReportSection]:
    return sorted(SECTIONS.values(), key=lambda section: (section.order, section.key))
