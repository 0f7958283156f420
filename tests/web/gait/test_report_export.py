"""Gait in the clinician report, the data export and the Explain case."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from backstride_web.accounts.export import build_export
from backstride_web.accounts.models import User
from backstride_web.gait.report import gait_section
from backstride_web.gait.services import case_gait
from backstride_web.report.sections import SECTIONS, ReportPeriod
from tests.web.gait.conftest import done_session


def _period() -> ReportPeriod:
    today = timezone.localdate()
    return ReportPeriod(start=today - timedelta(days=90), end=today, now=timezone.now())


def test_the_report_section_is_registered_with_its_template() -> None:
    section = SECTIONS["gait"]
    assert (section.title, section.order, section.template) == (
        "Gait and posture",
        70,
        "gait/report_section.html",
    )


def test_the_report_shows_the_latest_session_and_the_change(runner: User, tmp_path: Path) -> None:
    assert gait_section(runner, _period()) is None  # nothing filmed: "no data"
    done_session(runner, tmp_path / "a", label="before", lean_deg=8.0)
    done_session(runner, tmp_path / "b", label="after", lean_deg=16.0)
    built = gait_section(runner, _period())
    assert built is not None
    assert built["session"].label == "after"
    assert built["before"].label == "before"
    assert any("GaitLab" in s for s in built["sources"])
    html = render_to_string("gait/report_section.html", {"section": built, "for_pdf": True})
    assert "Trunk forward lean" in html
    assert 'data-exceeds="yes"' in html
    assert html.count("<svg") == 3
    assert "<script" not in html
    assert "<img" not in html
    old = ReportPeriod(start=date(2020, 1, 1), end=date(2020, 3, 31))
    assert gait_section(runner, old) is None  # filmed after that period


def test_the_export_holds_every_session(runner: User, tmp_path: Path) -> None:
    session = done_session(runner, tmp_path / "a", label="before")
    document = build_export(runner, now=timezone.now())
    [exported] = document["gait_sessions"]
    assert exported["label"] == "before"
    assert exported["status"] == "done"
    assert exported["metrics"]["cadence"]["median"] == session.metrics.get(name="cadence").median
    assert exported["files"] == [str(f.name) for f in session.files()]


def test_the_explain_case_reads_the_latest_side_view(runner: User, tmp_path: Path) -> None:
    assert case_gait(runner, now=timezone.now()) is None
    done_session(runner, tmp_path / "a", lean_deg=6.0)
    latest = done_session(runner, tmp_path / "b", lean_deg=14.0)
    gait = case_gait(runner, now=timezone.now())
    assert gait is not None
    lean = latest.metrics.get(name="trunk_lean").median
    assert gait.trunk_lean_deg == round(lean, 2)  # type: ignore[arg-type]
    assert lean is not None
    assert 12 < lean < 16
    assert gait.shank_angle_contact_deg is not None
    assert gait.hip_extension_toe_off_deg is not None
    assert gait.pelvic_drop_deg is None
    assert gait.anterior_pelvic_tilt_deg is None
    before_it = case_gait(runner, now=latest.created_at - timedelta(microseconds=1))
    assert before_it is not None
    assert before_it.trunk_lean_deg != gait.trunk_lean_deg


def test_the_pdf_report_prints_the_gait_section(runner: User, tmp_path: Path) -> None:
    from backstride_web.report.render import render_report_html, render_report_pdf
    from tests.web.report.conftest import pdf_text

    done_session(runner, tmp_path / "a", label="before", lean_deg=8.0)
    done_session(runner, tmp_path / "b", label="after", lean_deg=16.0)
    html = render_report_html(runner, _period(), now=timezone.now())
    assert 'id="section-gait"' in html
    text = pdf_text(render_report_pdf(runner, _period(), now=timezone.now()), tmp_path)
    assert "Gait and posture" in text
    assert "Trunk forward lean" in text
    assert "Knee flexion" in text  # the charts are drawn into the PDF as vectors


def test_the_explain_case_takes_pelvic_drop_from_the_rear_view(
    runner: User, tmp_path: Path
) -> None:
    from backstride_web.gait.models import GaitMetric, GaitSession

    side = done_session(runner, tmp_path / "side", lean_deg=9.0)
    rear = done_session(runner, tmp_path / "rear")
    GaitSession.objects.filter(pk=rear.pk).update(view="rear")
    rear.metrics.all().delete()
    GaitMetric.objects.create(
        session=rear, name="pelvic_drop", unit="deg", median=7.5, n=12, quality="ok", error_value=2
    )
    gait = case_gait(runner, now=timezone.now())
    assert gait is not None
    assert gait.pelvic_drop_deg == 7.5
    assert gait.trunk_lean_deg == round(side.metrics.get(name="trunk_lean").median or 0, 2)
