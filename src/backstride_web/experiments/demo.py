"""The demo runner's self-experiments: one finished warm-up experiment and one cadence
experiment in progress, so the pages and the report are full.

Both are set up through :func:`~backstride_web.experiments.services.create_experiment`
(fixed seeds, so the allocation is the same every time) on Sam's run days (Tue, Thu, Sun).
Each experiment day's run of the simulated history is replaced by a run simulated for its
arm with :mod:`backstride.simulate`'s stream model, written as a FIT file and imported
through the normal path, with a diary answer whose pain onset depends on the arm:

- warm-up (arm A): 14-20 easy minutes of errands and walking first; mostly no pump, once a
  late mild one; one warm-up run was cut to 6 minutes (a non-adherent run, for the
  per-protocol set);
- no warm-up (arm B) and both cadence arms: a minute's walk, then the pump at 4-9 minutes,
  peak 3-5/10 (the safety stop is above 5);
- cadence +7 % (arm A) changes nothing about the pain: the verdict is still open.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings

from backstride.experiments.schedule import Slot
from backstride.experiments.templates import design_from_template
from backstride.fit_write import encode_activity
from backstride.simulate import Phase
from backstride.simulate import _activity as simulated_activity
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.activities.services import import_paths
from backstride_web.diary.models import Character, Location, RunPain
from backstride_web.experiments import services
from backstride_web.experiments.models import Experiment

ZONE = ZoneInfo("Europe/London")
RUN_DAYS = (1, 3, 6)
CLOCK = {1: datetime.time(7, 10), 3: datetime.time(18, 20), 6: datetime.time(9, 0)}
WARM_UP_SEED = 20261003
CADENCE_SEED = 20261114
USUAL_CADENCE_SPM = 162.0
"""About the history's mean cadence (walk breaks included), so the usual arm reads as usual."""
SHORT_WARM_UP_BLOCK = 4
"""The block whose warm-up run was cut short (non-adherent)."""


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _phases(
    arm: str | None, template: str, block: int | None, minutes: float, rng: np.random.Generator
) -> tuple[list[Phase], float, float | None, int]:
    """The run's phases, the warm-up as reported (s), pain onset (s, None: no pain), peak."""
    easy = 1000 / rng.uniform(335, 355)
    walk = Phase(rng.uniform(45, 75), 1.45, 112)
    cadence = USUAL_CADENCE_SPM + rng.uniform(-1, 1)
    if template == "warm_up" and arm == "A":
        short = block == SHORT_WARM_UP_BLOCK
        warm = rng.uniform(5.5, 6.5) * 60 if short else rng.uniform(14, 20) * 60
        phases = [Phase(warm, 2.3, 152), Phase(minutes * 60, easy, cadence)]
        if short:
            return phases, warm, warm + rng.uniform(360, 480), 3
        late = block == 2
        return phases, warm, (warm + rng.uniform(1500, 1700)) if late else None, 2 if late else 0
    if template == "cadence" and arm == "A":
        cadence = USUAL_CADENCE_SPM * rng.uniform(1.06, 1.09)
    phases = [walk, Phase(minutes * 60, easy, cadence)]
    return phases, walk.duration_s, walk.duration_s + rng.uniform(240, 540), int(rng.integers(3, 6))


def _run_on(
    runner: User,
    slot: Slot,
    template: str,
    folder: Path,
    rng: np.random.Generator,
) -> None:
    """Replace the history's run on the slot's day with one simulated for its arm."""
    day = slot.first_day
    when = datetime.datetime.combine(day, CLOCK[day.weekday()], tzinfo=ZONE)
    Activity.objects.filter(
        owner=runner,
        start_utc__gte=when - datetime.timedelta(hours=12),
        start_utc__lt=when + datetime.timedelta(hours=12),
    ).delete()
    minutes = float(rng.uniform(30, 36))
    phases, warm_s, onset_s, peak = _phases(slot.arm, template, slot.block, minutes, rng)
    activity = simulated_activity(when, phases, rng)
    path = folder / f"experiment-{template}-{day:%Y-%m-%d}.fit"
    path.write_bytes(encode_activity(activity))
    [result] = list(import_paths(runner, [path]))
    if result.activity_id is None:
        raise RuntimeError(f"demo experiment run did not import: {result}")
    stored = Activity.objects.get(pk=result.activity_id)
    RunPain.objects.update_or_create(
        activity=stored,
        defaults={
            "onset_s": onset_s,
            "peak": peak,
            "character": Character.PUMP if onset_s is not None else "",
            "location": Location.LOW_BACK_BOTH_SIDES if onset_s is not None else "",
            "next_morning": int(rng.integers(0, 2)) if onset_s is None else int(rng.integers(1, 3)),
            "warmup_min": round(warm_s / 60, 1),
            "shoes": "Pegasus 40",
        },
    )


def _experiment(
    runner: User, template: str, start: datetime.date, seed: int, *, today: datetime.date
) -> Experiment:
    design = design_from_template(template)
    created = _noon(start - datetime.timedelta(days=1))
    experiment = services.create_experiment(
        runner, design, start, seed, run_days=RUN_DAYS, now=created
    )
    folder = Path(settings.HOME) / "demo-files"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for slot in services.schedule_of(experiment).slots:
        if slot.first_day < today:
            _run_on(runner, slot, template, folder, rng)
    return experiment


def build_demo_experiments(runner: User, *, today: datetime.date) -> list[Experiment]:
    """Replace the runner's experiments with the finished warm-up and the running cadence
    experiment (call after the demo runs and diary are built)."""
    Experiment.objects.filter(runner=runner).delete()
    cadence_start = today - datetime.timedelta(days=13)
    warm_up = _experiment(
        runner,
        "warm_up",
        cadence_start - datetime.timedelta(days=42),
        WARM_UP_SEED,
        today=today,
    )
    services.refresh(warm_up, _noon(warm_up.end + datetime.timedelta(days=1)))
    cadence = _experiment(runner, "cadence", cadence_start, CADENCE_SEED, today=today)
    services.refresh(cadence, _noon(today))
    return [warm_up, cadence]
