"""The PDF of the demo runner's report: every section, his real numbers, a page that renders."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
from django.utils import timezone
from PIL import Image

from backstride_web.demo import DemoPeople
from backstride_web.plans import adherence, services
from backstride_web.report.render import render_report_pdf
from backstride_web.report.sections import ordered_sections
from tests.web.report.conftest import Expected, pdf_text, poppler

CORE_TITLES = (
    "Safety screen",
    "Questionnaires and self-tests over time",
    "Runs and load spikes",
    "Pain-free minutes and morning pain",
    "Kaplan–Meier curves and Cox model",
    "Possible contributors, with their evidence",
    "Plan and adherence",
    "Sources",
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_pdf_has_every_section_and_the_runners_numbers(
    demo: DemoPeople, expected: Expected, tmp_path: Path
) -> None:
    pdf = render_report_pdf(demo.runner, expected.period, now=timezone.now())
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    flat = _squash(text)
    for title in CORE_TITLES:
        assert title in flat, title
    for section in ordered_sections():  # gait, experiments: whatever else is registered
        assert _squash(section.title) in flat, section.title
    assert "Not a diagnosis." in flat
    assert f"{expected.period.start} to {expected.period.end}" in flat
    assert "Sam (demo)" in flat
    assert "runner@demo.backstride" in flat
    # Real numbers, counted from the stored rows.
    assert f"{expected.runs} runs {expected.distance_km} in total" in flat
    assert expected.distance_km in flat
    assert re.search(rf"\b{expected.pain_runs}\s+with pain\b", text)
    assert (
        f"{expected.checkins} morning check-ins, mean morning pain {expected.morning_mean}" in flat
    )
    row = services.current_plan(demo.runner)
    assert row is not None
    today = timezone.localdate()
    due = [
        d
        for d in adherence.statuses(row, services.stored_plan(row), today=today)
        if d.day >= expected.period.start
    ]
    done = adherence.summary(due, today=today)
    assert f"{done.done} of {done.due} sessions due were done ({done.percent} %)" in flat
    assert "Keele STarT Back" in flat
    assert "Garmin-RUNSAFE" in flat  # the load-spike rule cites its source


def test_page_one_renders_as_a_non_blank_a4_image(
    demo: DemoPeople, expected: Expected, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(render_report_pdf(demo.runner, expected.period, now=timezone.now()))
    info = subprocess.run(
        [poppler("pdfinfo"), str(path)], capture_output=True, check=True, text=True
    ).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    subprocess.run(
        [
            poppler("pdftoppm"),
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    [image] = list(tmp_path.glob("p*.png"))
    with Image.open(image) as picture:  # Pillow: installed with WeasyPrint
        pixels = np.asarray(picture.convert("L"))
    assert pixels.shape[0] > pixels.shape[1] > 350  # portrait, A4 at 50 dpi is 414 x 585
    dark = (pixels < 128).mean()
    assert 0.005 < dark < 0.5, dark  # text on a white page, not blank, not black
