from __future__ import annotations

from pathlib import Path

from backstride.ingest import parse_fit

RUN = (
    Path(__file__).resolve().parents[2]
    / "data/activities/python-fitparse/activity-small-fenix2-run.fit"
)


def test_lap_cadence_is_in_steps_when_laps_do_not_name_their_sport() -> None:
    """The Fenix 2 writes no sport on its laps; the session says running, so strides double."""
    activity = parse_fit(RUN.read_bytes(), source=RUN.name).activity
    cadences = [lap.avg_cadence_spm for lap in activity.laps]
    assert len(cadences) == 4
    assert all(c is not None and 140 < c < 200 for c in cadences), cadences
