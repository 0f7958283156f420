"""Render the clinician report: one set of templates for the web page, the HTML file and the PDF.

:func:`render_report_html` builds every registered section (:mod:`.sections`) for a runner and
a period, as of ``now``, and returns a standalone HTML document (its stylesheet embedded, no
script, charts as inline SVG): what ``backstride report --html`` writes and the data export
puts in a runner's zip. :func:`render_report_pdf` hands that document to WeasyPrint (A4,
print CSS). WeasyPrint needs Pango from the operating system, so it is imported only here,
when a PDF is asked for; without it :class:`PdfUnavailableError` says what to install.

A section whose build raises :class:`~backstride.errors.BackstrideError` (a stored record the
core rejects) is shown with that message instead of failing the whole report.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from django.template.loader import render_to_string
from django.utils import timezone

from backstride.errors import BackstrideError
from backstride_web.report.sections import (
    ReportPeriod,
    ReportSection,
    one_report,
    ordered_sections,
)

if TYPE_CHECKING:
    from backstride_web.accounts.models import User

CSS_FILE: Final = Path(__file__).parent / "static" / "report" / "report.css"
NOT_A_DIAGNOSIS: Final = (
    "This report summarises what the runner recorded (runs, pain "
    "diary, questionnaires, self-tests) and what backstride computed from it. Possible "
    "contributors are ranked on the runner's own data and “may contribute”; each cites its "
    "evidence. Examination and clinical judgement decide. Loss of bladder or bowel control, "
    "saddle numbness or weakness in both legs needs emergency care now."
)
SVG_STYLE: Final = (
    "<style>text{fill:#4a5360;font-size:11px;font-family:'DejaVu Sans',sans-serif}"
    ".grid{stroke:#d5dae1;stroke-width:1}.line{fill:none;stroke:#b4380a;stroke-width:1.5}"
    ".chart-title,.legend{fill:#1b1f24}.chart-title{font-size:13px;font-weight:700}"
    ".marker{stroke:#a4161a;stroke-width:2;stroke-dasharray:4 3}</style>"
)
"""WeasyPrint styles inline SVG from the SVG's own ``<style>``, not the page's stylesheet."""
_SVG_OPEN: Final = re.compile(r"(<svg\b[^>]*>)")
INSTALL_HINT: Final = (
    "the PDF needs WeasyPrint and the Pango library: on Debian or Ubuntu run "
    "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0` (docs/report.md); "
    "the HTML report works without them"
)


class PdfUnavailableError(BackstrideError):
    """WeasyPrint or the system libraries it needs are missing."""


@dataclass(frozen=True)
class BuiltSection:
    """One section as printed: its context, or None ("no data"), or the error it met."""

    key: str
    title: str
    order: int
    template: str
    context: dict[str, Any] | None
    error: str | None = None


def build_sections(runner: User, period: ReportPeriod) -> list[BuiltSection]:
    with one_report():
        return [_build(section, runner, period) for section in ordered_sections()]


def _build(section: ReportSection, runner: User, period: ReportPeriod) -> BuiltSection:
    shape = (section.key, section.title, section.order, section.template)
    try:
        return BuiltSection(*shape, context=section.build(runner, period))
    except BackstrideError as error:
        return BuiltSection(*shape, context=None, error=str(error))


def collect_sources(sections: list[BuiltSection]) -> list[str]:
    """Every section's ``sources``, in report order, each once."""
    seen: dict[str, None] = {}
    for section in sections:
        for source in (section.context or {}).get("sources", ()):
            text = str(source).strip()
            if text:
                seen.setdefault(text, None)
    return list(seen)


def _age(birth_year: int | None, today: date) -> int | None:
    return None if birth_year is None else today.year - birth_year


def report_context(
    runner: User, period: ReportPeriod, *, now: datetime, for_pdf: bool = False
) -> dict[str, Any]:
    """Everything the report templates need (the page adds its form around it)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    period = dataclasses.replace(period, now=now)
    sections = build_sections(runner, period)
    profile = getattr(runner, "runner_profile", None)
    local_now = timezone.localtime(now)
    return {
        "runner": runner,
        "profile": profile,
        "age": _age(getattr(profile, "birth_year", None), local_now.date()),
        "period": period,
        "generated_at": local_now,
        "sections": sections,
        "sources": collect_sources(sections),
        "not_a_diagnosis": NOT_A_DIAGNOSIS,
        "for_pdf": for_pdf,
    }


@cache
def stylesheet(*, for_pdf: bool = False) -> str:
    """report.css; for the PDF without its SVG rules (WeasyPrint warns about each)."""
    css = CSS_FILE.read_text(encoding="utf-8")
    if for_pdf:
        head, _, rest = css.partition("/* svg-only:start */")
        css = head + rest.partition("/* svg-only:end */")[2]
    return css


def render_report_html(
    runner: User, period: ReportPeriod, *, now: datetime, for_pdf: bool = False
) -> str:
    """The report as one standalone HTML document (embedded CSS, inline SVG, no script)."""
    context = report_context(runner, period, now=now, for_pdf=for_pdf)
    context["css"] = stylesheet(for_pdf=for_pdf)
    html = render_to_string("report/document.html", context)
    # The page's CSP forbids inline styles, so charts get theirs only in the PDF's document.
    return _SVG_OPEN.sub(lambda m: m.group(1) + SVG_STYLE, html) if for_pdf else html


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its fonts are missing
        raise PdfUnavailableError(f"{INSTALL_HINT} ({error})") from None
    return weasyprint


def render_report_pdf(runner: User, period: ReportPeriod, *, now: datetime) -> bytes:
    """The report as an A4 PDF (WeasyPrint; see :class:`PdfUnavailableError`)."""
    weasyprint = _weasyprint()
    html = render_report_html(runner, period, now=now, for_pdf=True)
    pdf = weasyprint.HTML(string=html, base_url=str(CSS_FILE.parent)).write_pdf()
    if not isinstance(pdf, bytes):
        raise PdfUnavailableError("WeasyPrint returned no PDF")
    return pdf


def pdf_filename(runner: User, period: ReportPeriod) -> str:
    """``backstride-report-<runner>-<from>-to-<to>.pdf`` (ASCII letters, digits, dashes)."""
    from django.utils.text import slugify

    who = slugify(str(runner)) or f"runner-{runner.pk}"
    return f"backstride-report-{who}-{period.start.isoformat()}-to-{period.end.isoformat()}.pdf"
