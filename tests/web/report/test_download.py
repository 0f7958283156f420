"""The PDF download: permission-checked, named after the runner and the dates."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from backstride_web.demo import DemoPeople
from tests.web.report.conftest import Expected, pdf_text

URL = reverse("report:pdf")


def test_the_clinician_downloads_the_pdf(
    demo: DemoPeople, expected: Expected, client_for: Callable[..., Any], tmp_path: Any
) -> None:
    response = client_for(demo.clinician).get(
        URL, {"runner": demo.runner.pk, "start": expected.period.start.isoformat()}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="backstride-report-sam-demo-{expected.period.start}'
        f'-to-{expected.period.end}.pdf"'
    )
    text = pdf_text(response.content, tmp_path)
    assert f"{expected.runs} runs" in text


def test_a_bad_period_is_a_400(demo: DemoPeople, client_for: Callable[..., Any]) -> None:
    response = client_for(demo.runner).get(URL, {"start": "2026-02-02", "end": "2026-02-01"})
    assert response.status_code == 400
    assert "after it ends" in response.content.decode()


def test_without_weasyprint_the_page_says_what_to_install(
    demo: DemoPeople, client_for: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    response = client_for(demo.runner).get(URL)
    assert response.status_code == 503
    assert "libpango" in response.content.decode()
    assert client_for(demo.runner).get(reverse("report:home")).status_code == 200
