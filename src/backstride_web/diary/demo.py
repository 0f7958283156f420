"""The demo runner's diary: pain on each simulated run and a morning check-in most days."""

from __future__ import annotations

import datetime

import numpy as np

from backstride.simulate import SimulatedRun
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary.models import Character, DailyCheckin, Location, RunPain


def build_demo_diary(
    runner: User, runs: list[tuple[Activity, SimulatedRun]], *, today: datetime.date
) -> None:
    rng = np.random.default_rng(5)
    DailyCheckin.objects.filter(runner=runner).delete()
    pains = []
    for activity, sim in runs:
        evening = activity.start_utc.hour >= 12
        pains.append(
            RunPain(
                activity=activity,
                onset_s=sim.pain_onset_s,
                peak=sim.peak_pain,
                character=Character.PUMP if sim.pain_onset_s is not None else "",
                location=Location.LOW_BACK_BOTH_SIDES if sim.pain_onset_s is not None else "",
                stopped=sim.stopped,
                walked_off=sim.stopped,
                settle_min=int(rng.integers(2, 5)) if sim.stopped else None,
                next_morning=int(rng.integers(0, 3)),
                warmup_min=round(sim.warmup_s / 60, 1),
                sat_hours_before=float(rng.uniform(6, 9)) if evening else 0.5,
                lifted_48h=bool(rng.random() < 0.5),
                shoes="Pegasus 40",
            )
        )
    RunPain.objects.bulk_create(pains)
    first = min((a.start_utc.date() for a, _ in runs), default=today)
    checkins = []
    day = first
    while day <= today:
        if rng.random() > 0.15:
            weekday = day.weekday() < 5
            checkins.append(
                DailyCheckin(
                    runner=runner,
                    day=day,
                    morning_pain=int(rng.integers(0, 3)),
                    morning_stiffness=int(rng.integers(1, 4)),
                    sitting_hours=round(
                        float(rng.uniform(8, 10.5) if weekday else rng.uniform(2, 5)), 1
                    ),
                    sleep_hours=round(float(rng.uniform(6.5, 8.2)), 1),
                    exercises_done=bool(rng.random() < 0.4),
                )
            )
        day += datetime.timedelta(days=1)
    DailyCheckin.objects.bulk_create(checkins)
