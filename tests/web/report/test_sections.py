"""The section registry as the renderer uses it: order, "no data", errors, sources."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from backstride.errors import InputError
from backstride_web.accounts.models import User
from backstride_web.report import sections
from backstride_web.report.periods import default_period
from backstride_web.report.render import build_sections, collect_sources, render_report_html
from backstride_web.report.sections import ReportPeriod, report_section

TEMPLATE = "report/sections/safety.html"


@pytest.fixture
def extra_sections() -> Iterator[None]:
    """Two sections of a pretend app in the orders kept free for gait and experiments."""

    @report_section(
        "zz_empty", title="Pretend empty", order=71, template="report/sections/safety.html"
    )
    def empty(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
        return None

    @report_section(
        "zz_broken", title="Pretend broken", order=72, template="report/sections/safety.html"
    )
    def broken(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
        raise InputError("a stored record is not plausible", source="zz")

    yield
    sections.SECTIONS.pop("zz_empty")
    sections.SECTIONS.pop("zz_broken")


def test_the_apps_register_their_sections_in_report_order() -> None:
    keys = [s.key for s in sections.ordered_sections()]
    core = ["safety", "scores", "runs", "pain", "survival", "contributors", "plan"]
    assert [k for k in keys if k in core] == core
    assert all(not 70 <= s.order <= 89 for s in sections.ordered_sections() if s.key in core)


def test_a_key_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        report_section("safety", title="x", order=1, template="x.html")(lambda r, p: None)


def test_empty_and_failing_sections_are_shown_as_such(runner: User, extra_sections: None) -> None:
    html = render_report_html(runner, default_period(timezone.localdate()), now=timezone.now())
    assert "Pretend empty" in html
    assert "Pretend broken" in html
    assert "This section could not be built: zz: a stored record is not plausible" in html
    assert (
        html.index("Pretend empty")
        < html.index("Pretend broken")
        < html.index("Plan and adherence")
    )


def test_sources_are_collected_once_in_report_order(runner: User) -> None:
    period = dataclasses.replace(default_period(timezone.localdate()), now=timezone.now())
    found = collect_sources(build_sections(runner, period))
    assert len(found) == len(set(found))
    assert any("British Association of Spine Surgeons" in s for s in found)


def test_the_html_file_stands_alone(runner: User) -> None:
    html = render_report_html(runner, default_period(timezone.localdate()), now=timezone.now())
    assert html.startswith("<!doctype html>")
    assert "<style>" in html
    assert "<script" not in html
    assert "<link" not in html


def test_an_account_without_any_data_still_gets_a_report(clinician: User) -> None:
    """The data export renders every account's report, a clinician's included."""
    html = render_report_html(clinician, default_period(timezone.localdate()), now=timezone.now())
    assert "No safety screen answered yet" in html
    assert html.count("No data for this period.") >= 4


def test_per_report_shares_a_result_within_one_report_only() -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with sections.one_report():
        assert sections.per_report("k", compute) == sections.per_report("k", compute) == 1
    assert sections.per_report("k", compute) == 2
    assert sections.per_report("k", compute) == 3
