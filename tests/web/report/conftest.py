"""The demo runner (real FIT files imported, diary, intake, plan) for the report tests, and
the numbers the report must show, computed here from the stored rows."""

from __future__ import annotations

import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone

from backstride.model import FOOT_SPORTS
from backstride_web.activities.models import Activity
from backstride_web.demo import DemoPeople, build_demo
from backstride_web.diary.models import DailyCheckin, RunPain
from backstride_web.report.periods import default_period
from backstride_web.report.sections import ReportPeriod


@dataclass(frozen=True)
class Expected:
    """Figures of the demo runner over the default period, from the database rows."""

    period: ReportPeriod
    runs: int
    distance_km: str
    pain_runs: int
    checkins: int
    morning_mean: str


@pytest.fixture
def demo(db: None) -> DemoPeople:
    return build_demo(today=timezone.localdate())


@pytest.fixture
def expected(demo: DemoPeople) -> Expected:
    period = default_period(timezone.localdate())
    start, end = period.bounds()
    runs = Activity.objects.filter(
        owner=demo.runner, sport__in=FOOT_SPORTS, start_utc__gte=start, start_utc__lt=end
    )
    checkins = DailyCheckin.objects.filter(
        runner=demo.runner, day__gte=period.start, day__lte=period.end
    )
    pain = RunPain.objects.filter(activity__in=runs, onset_s__isnull=False)
    return Expected(
        period=period,
        runs=runs.count(),
        distance_km=f"{sum(r.distance_m or 0 for r in runs) / 1000:.1f} km",
        pain_runs=pain.count(),
        checkins=checkins.count(),
        morning_mean=f"{statistics.fmean(c.morning_pain for c in checkins):.1f}/10",
    )


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is missing: run scripts/ensure-os-packages.sh (poppler-utils)")
    return found


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [poppler("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")
