"""The sections of the clinician report, registered by the apps that own the data.

Each app adds its section with :func:`report_section` (imported from its ``AppConfig.ready``),
so the report grows with the product and this app never reaches into another app's models.
A section's ``build`` returns the template context for that section, or ``None`` when the
runner has nothing to show for the period (the section is then listed as "no data").

Conventions for a section's context (read by :mod:`backstride_web.report.render`):

* ``sources``: the citations behind what the section says (a list of strings); the report
  prints them together, deduplicated, in its "Sources" list. Every recommendation cites one.
* Charts are static SVG strings marked safe (no JavaScript): the PDF and the page show the same.
* Analyse "as of" :attr:`ReportPeriod.as_of` and select rows with :meth:`ReportPeriod.bounds`
  (local days of the site's time zone), never the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import timezone

if TYPE_CHECKING:
    from backstride_web.accounts.models import User


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date
    """Inclusive."""
    now: datetime | None = None
    """When the report is generated (timezone-aware); the renderer fills it in."""

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"the period starts ({self.start}) after it ends ({self.end})")
        if self.now is not None and self.now.tzinfo is None:
            raise ValueError("now must be timezone-aware")

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes: local midnight of ``start`` and of the day after
        ``end`` in the current time zone. Use with ``__gte`` and ``__lt``."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time(), tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time(), tzinfo=zone),
        )

    @property
    def as_of(self) -> datetime:
        """The moment the period's analyses are "as of": its end, or ``now`` if earlier."""
        end = self.bounds()[1] - timedelta(microseconds=1)
        return end if self.now is None else min(end, self.now)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


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


T = TypeVar("T")
_shared: ContextVar[dict[Hashable, Any] | None] = ContextVar("report_shared", default=None)


@contextmanager
def one_report() -> Iterator[None]:
    """Scope of one report build: :func:`per_report` results are shared inside it."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def per_report(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per report build for ``key`` (e.g. an analysis two sections show);
    outside a build (:func:`one_report`) it is simply called."""
    shared = _shared.get()
    if shared is None:
        return compute()
    if key not in shared:
        shared[key] = compute()
    result: T = shared[key]
    return result
