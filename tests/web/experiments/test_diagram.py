"""The CENT-style period diagram: accessible, arms hidden until their day, runs drawn by
kind (pain, no pain, arm not followed)."""

from __future__ import annotations

import datetime
import re

from backstride.analysis.nof1 import Observation
from backstride.experiments.schedule import Schedule, Slot, make_schedule
from backstride.experiments.templates import design_from_template
from backstride_web.experiments.diagram import RunIn, period_diagram_svg

START = datetime.date(2026, 11, 2)


def _schedule() -> Schedule:
    return make_schedule(design_from_template("warm_up"), start=START, seed=7)


def _obs(slot: Slot, minutes: float, event: bool, adherent: bool | None = True) -> Observation:
    assert slot.block is not None
    assert slot.arm is not None
    assert slot.position is not None
    return Observation(
        block=slot.block,
        arm=slot.arm,
        position=slot.position,
        day=slot.first_day,
        pain_free_min=minutes,
        event=event,
        peak_pain=3 if event else 0,
        adherent=adherent,
    )


def test_it_is_an_accessible_svg_with_a_summary() -> None:
    schedule = _schedule()
    first, second = schedule.block_slots[:2]
    svg = period_diagram_svg(
        schedule,
        [_obs(first, 30, False), _obs(second, 6, True, adherent=False)],
        today=schedule.end,
        horizon_min=30,
        title="Warm-up <test>",
    )
    assert svg.startswith('<svg class="chart period-diagram"')
    assert "<title>Warm-up &lt;test&gt;</title>" in svg
    desc = re.search(r"<desc>(.*?)</desc>", svg)
    assert desc is not None
    assert "6 blocks" in desc.group(1)
    assert "1 runs did not follow their arm" in desc.group(1)
    assert "style=" not in svg  # the strict CSP: presentation attributes only
    assert svg.count("<circle") == 1  # the run with pain
    assert svg.count("<path") == 1  # the pain-free run (a triangle)
    assert 'fill="#ffffff" stroke="#' in svg  # hollow: arm not followed
    assert "compared up to 30 min" in svg
    assert "safety stop above 5/10" in svg


def test_arms_stay_hidden_until_their_day() -> None:
    schedule = _schedule()
    today = schedule.block_slots[1].first_day
    svg = period_diagram_svg(schedule, [], today=today)
    letters = re.findall(r'font-weight="700" fill="#333">(.)</text>', svg)
    revealed = [s for s in schedule.slots if s.first_day <= today]
    assert letters[: len(revealed)] == ["R" if s.arm is None else s.arm for s in revealed]
    assert set(letters[len(revealed) :]) == {"?"}


def test_period_designs_draw_their_washout() -> None:
    schedule = make_schedule(design_from_template("hip_flexor_stretch"), start=START, seed=3)
    svg = period_diagram_svg(schedule, [], today=schedule.end)
    assert 'fill-opacity="0.55"' in svg


def test_run_in_runs_are_grey_and_not_analysed() -> None:
    schedule = _schedule()
    day = schedule.slots[0].first_day
    svg = period_diagram_svg(schedule, [], today=schedule.end, run_in=[RunIn(day, 7.0, True, 4)])
    assert '<circle cx="' in svg
    assert 'fill="#777777"' in svg
    assert "0 runs" in svg  # the summary counts analysed runs only
