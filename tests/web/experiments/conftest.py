"""Experiments test helpers: runs logged in code, and whole experiments whose runs depend on
the arm by a known amount (a real effect, or none)."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from django.utils import timezone

from backstride.experiments.templates import design_from_template
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary.models import RunPain
from backstride_web.experiments import services
from backstride_web.experiments.models import Experiment


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def today() -> datetime.date:
    return timezone.localtime(timezone.now()).date()


def log_run(
    runner: User,
    day: datetime.date,
    *,
    warmup_min: float = 1.0,
    onset_min: float | None = 6.0,
    peak: int = 4,
    next_morning: int | None = 1,
    minutes: float = 40.0,
    cadence_spm: float | None = None,
    location: str = "",
) -> Activity:
    """A run at 08:00 UTC on ``day`` with its diary answer (``onset_min`` None: no pain)."""
    activity = Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=at(day),
        local_utc_offset_s=0,
        elapsed_s=minutes * 60,
        distance_m=minutes * 170,
        avg_cadence_spm=cadence_spm,
        source_name=f"{day}.fit",
        source_format="manual",
        source_sha256=f"{runner.pk:08d}{day:%Y%m%d}{Activity.objects.count():048d}",
    )
    RunPain.objects.create(
        activity=activity,
        onset_s=None if onset_min is None else onset_min * 60,
        peak=0 if onset_min is None else peak,
        next_morning=next_morning,
        warmup_min=warmup_min,
        location=location,
    )
    return activity


def warm_up_experiment(
    runner: User,
    *,
    start: datetime.date,
    effect_min: float,
    seed: int = 11,
    n_blocks: int = 6,
    rng_seed: int = 2,
    until: datetime.date | None = None,
) -> Experiment:
    """The warm-up template from ``start``, with a run on every slot before ``until``
    (default today): pain at about 6 min without warm-up, ``effect_min`` later with one."""
    design = design_from_template("warm_up", n_blocks=n_blocks)
    experiment = services.create_experiment(
        runner, design, start, seed, now=at(start - datetime.timedelta(days=1))
    )
    rng = np.random.default_rng(rng_seed)
    last = until or today()
    for slot in services.schedule_of(experiment).slots:
        if slot.first_day >= last:
            continue
        base = float(rng.uniform(4, 8))
        warm = slot.arm == "A"
        log_run(
            runner,
            slot.first_day,
            warmup_min=12.0 if warm else 1.0,
            onset_min=base + (effect_min if warm else 0.0),
            peak=3,
        )
    return experiment


@pytest.fixture
def finished(runner: User) -> Experiment:
    """A warm-up experiment that ended last month with a clear 15-minute effect."""
    start = today() - datetime.timedelta(days=60)
    experiment = warm_up_experiment(runner, start=start, effect_min=15.0)
    services.refresh(experiment, at(experiment.end + datetime.timedelta(days=1), 12))
    assert experiment.status == "finished"
    return experiment


@pytest.fixture
def running(runner: User) -> Experiment:
    """A warm-up experiment that started 9 days ago, runs logged up to yesterday."""
    experiment = warm_up_experiment(
        runner, start=today() - datetime.timedelta(days=9), effect_min=15.0
    )
    services.refresh(experiment, timezone.now())
    return experiment
