from __future__ import annotations

import datetime

import pytest

from backstride.errors import InputError
from backstride_web.report.periods import default_period, parse_period
from backstride_web.report.sections import ReportPeriod

TODAY = datetime.date(2026, 11, 27)


def test_the_default_is_the_last_twelve_weeks_up_to_today() -> None:
    period = default_period(TODAY)
    assert period == ReportPeriod(datetime.date(2026, 9, 5), TODAY)
    assert period.days == 84


def test_a_start_alone_runs_to_today_and_an_end_alone_covers_twelve_weeks() -> None:
    assert parse_period("2026-11-01", None, today=TODAY).end == TODAY
    assert parse_period(None, "2026-10-31", today=TODAY).start == datetime.date(2026, 8, 9)
    assert parse_period(" 2026-11-01 ", "", today=TODAY).start == datetime.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        ("2026-11-20", "2026-11-10", "from", "after it ends"),
        (None, "2026-11-28", "to", "after today"),
        ("27/11/2026", None, "from", "YYYY-MM-DD"),
        ("2010-01-01", None, "from", "longer than"),
    ],
)
def test_bad_periods_name_the_field(
    start: str | None, end: str | None, field: str, words: str
) -> None:
    with pytest.raises(InputError, match=words) as caught:
        parse_period(start, end, today=TODAY)
    assert caught.value.source == field


def test_a_period_cannot_be_built_backwards() -> None:
    with pytest.raises(ValueError, match="after it ends"):
        ReportPeriod(TODAY, TODAY - datetime.timedelta(days=1))


def test_as_of_is_the_end_of_the_last_day_or_now_if_earlier() -> None:
    now = datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.UTC)
    period = ReportPeriod(datetime.date(2026, 11, 1), datetime.date(2026, 11, 20), now=now)
    assert period.as_of < period.bounds()[1]
    assert period.as_of.date() == datetime.date(2026, 11, 20)
    assert ReportPeriod(datetime.date(2026, 11, 1), TODAY, now=now).as_of == now
