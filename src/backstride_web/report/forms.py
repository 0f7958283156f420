from __future__ import annotations

import datetime
from typing import Any

from django import forms

from backstride.errors import InputError
from backstride_web.report.periods import parse_period
from backstride_web.report.sections import ReportPeriod

FIELDS = {"from": "start", "to": "end"}


class PeriodForm(forms.Form):
    """The report's period: two optional dates (the default is the last 12 weeks)."""

    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.period: ReportPeriod | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.period = parse_period(data.get("start"), data.get("end"), today=self.today)
        except InputError as error:
            self.add_error(FIELDS.get(error.source or ""), error.message)
        return data
