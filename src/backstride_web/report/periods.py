"""The period a report covers: parsed the same way for the page and ``backstride report``.

Dates are local calendar days, both ends included. Without ``to`` the period ends today;
without ``from`` it covers the :data:`DEFAULT_WEEKS` weeks up to its end. A period may not
end after today (the report shows what was recorded, not a forecast), may not start after
it ends, and spans at most :data:`MAX_DAYS` days. Errors are
:class:`~backstride.errors.InputError` naming the field (``from`` or ``to``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from backstride.errors import InputError
from backstride_web.report.sections import ReportPeriod

DEFAULT_WEEKS: Final = 12
MAX_DAYS: Final = 3660
"""About ten years: longer periods make unreadable charts."""


def _day(value: str | date | None, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date (use YYYY-MM-DD)", source=field) from None


def parse_period(start: str | date | None, end: str | date | None, *, today: date) -> ReportPeriod:
    """The period from ``start`` to ``end`` (either may be missing; see the module doc)."""
    first, last = _day(start, "from"), _day(end, "to")
    if last is None:
        last = today
    if last > today:
        raise InputError(f"{last} is after today ({today}): a report covers the past", source="to")
    if first is None:
        first = last - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if first > last:
        raise InputError(f"the period starts ({first}) after it ends ({last})", source="from")
    if (last - first).days + 1 > MAX_DAYS:
        raise InputError(f"the period is longer than {MAX_DAYS} days", source="from")
    return ReportPeriod(first, last)


def default_period(today: date) -> ReportPeriod:
    """The last :data:`DEFAULT_WEEKS` weeks, today included."""
    return parse_period(None, None, today=today)
