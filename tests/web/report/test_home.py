"""The report page: the runner's own, a clinician's view of a runner, and nobody else's."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import AccessLog, CareGrant, User
from backstride_web.demo import DemoPeople
from tests.factories import make_clinician, make_runner
from tests.web.report.conftest import Expected

URL = reverse("report:home")


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_runner_sees_his_report_with_the_same_numbers_as_the_pdf(
    demo: DemoPeople, expected: Expected, client_for: Callable[..., Any]
) -> None:
    response = client_for(demo.runner).get(URL)
    assert response.status_code == 200
    text = _text(response)
    assert f"{expected.period.start} to {expected.period.end}" in text
    assert f"{expected.runs} runs {expected.distance_km} in total" in text
    assert f"{expected.pain_runs} with pain" in text
    morning = f"{expected.checkins} morning check-ins, mean morning pain {expected.morning_mean}"
    assert morning in text
    assert "Not a diagnosis." in text
    assert "Kaplan–Meier" in text
    assert f'value="{expected.period.start}"' in response.content.decode()  # default shown
    assert "<script" not in response.content.decode().split('<main id="main"', 1)[1]
    assert 'class="chart' in response.content.decode()  # server-side SVG charts
    pdf = reverse("report:pdf") + f"?start={expected.period.start}&amp;end={expected.period.end}"
    assert pdf in response.content.decode()


def test_the_diary_page_shows_the_same_cox_table(
    demo: DemoPeople, client_for: Callable[..., Any]
) -> None:
    """Over the demo's whole history the report's Cox table is the diary analysis page's."""
    client = client_for(demo.runner)
    first = demo.runner.activities.order_by("start_utc").first()
    assert first is not None
    start = timezone.localtime(first.start_utc).date()
    report = client.get(URL, {"start": start.isoformat()}).content.decode()
    diary = client.get(reverse("diary:analysis")).content.decode()
    rows = re.findall(r"<td class=\"num\">([\d.]+ \([\d.]+–[\d.]+\))</td>", report)
    assert rows
    for row in rows:
        assert row in diary, row


def test_a_clinician_with_a_grant_sees_the_runner_and_it_is_logged(
    demo: DemoPeople, expected: Expected, client_for: Callable[..., Any]
) -> None:
    response = client_for(demo.clinician).get(URL, {"runner": demo.runner.pk})
    assert response.status_code == 200
    assert f"{expected.runs} runs {expected.distance_km} in total" in _text(response)
    assert f'name="runner" value="{demo.runner.pk}"' in response.content.decode()
    assert AccessLog.objects.filter(runner=demo.runner, clinician=demo.clinician).exists()


def test_a_clinician_without_a_runner_chooses_one(
    demo: DemoPeople, client_for: Callable[..., Any]
) -> None:
    response = client_for(demo.clinician).get(URL)
    assert response.status_code == 200
    assert f"{URL}?runner={demo.runner.pk}" in response.content.decode()


@pytest.mark.parametrize("who", ["stranger", "revoked clinician", "other clinician"])
def test_nobody_else_sees_the_report(
    runner: User, who: str, client_for: Callable[..., Any]
) -> None:
    if who == "stranger":
        outsider = make_runner("stranger@example.org")
    elif who == "revoked clinician":
        outsider = make_clinician("revoked@example.org", patients=[runner])
        CareGrant.objects.filter(clinician=outsider).update(revoked_at=timezone.now())
    else:
        outsider = make_clinician("other@example.org")
    client = client_for(outsider)
    assert client.get(URL, {"runner": runner.pk}).status_code == 404
    assert client.get(reverse("report:pdf"), {"runner": runner.pk}).status_code == 404


def test_logged_out_visitors_are_sent_to_log_in(db: None, client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-03-10", "end": "2026-03-01"}, "after it ends"),
        ({"end": "2999-01-01"}, "a report covers the past"),
        ({"start": "yesterday"}, "Enter a valid date"),
    ],
)
def test_a_bad_period_is_refused_with_a_message(
    runner: User, client_for: Callable[..., Any], params: dict[str, str], message: str
) -> None:
    response = client_for(runner).get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Safety screen" not in _text(response)


def test_a_runner_with_nothing_recorded_gets_an_honest_report(
    db: None, client_for: Callable[..., Any]
) -> None:
    newcomer = make_runner("new@example.org", screened=False)
    physio = make_clinician("physio2@example.org", patients=[newcomer])
    response = client_for(physio).get(URL, {"runner": newcomer.pk})
    assert response.status_code == 200
    text = _text(response)
    assert "No safety screen answered yet" in text
    assert "No data for this period." in text


def test_a_chosen_period_is_shown(runner: User, client_for: Callable[..., Any]) -> None:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=6)
    response = client_for(runner).get(URL, {"start": start.isoformat()})
    assert response.status_code == 200
    assert f"{start} to {today} (7 days)" in _text(response)
