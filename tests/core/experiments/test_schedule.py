"""Block-pair randomisation (reproducible, balanced) and the calendar of an experiment."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.errors import InputError
from backstride.experiments import (
    Span,
    check_no_overlap,
    custom_design,
    draw_seed,
    get_template,
    make_schedule,
    randomise,
)

START = date(2026, 3, 2)  # a Monday


@given(st.integers(1, 40), st.integers(0, 2**63 - 1))
def test_randomisation_is_reproducible_from_its_seed_and_balanced(blocks: int, seed: int) -> None:
    first = randomise(blocks, seed)
    assert first == randomise(blocks, seed)
    assert first.seed == seed
    assert len(first.orders) == blocks
    for order in first.orders:
        assert sorted(order) == ["A", "B"]


def test_the_allocation_of_a_known_seed_never_changes() -> None:
    """Pinned, so that a change of method cannot silently re-draw recorded experiments:
    sha256("backstride-nof1:20260302:1") ends in 0x7c, an even byte, so block 1 is AB."""
    orders = "".join(a for a, _ in randomise(12, 20260302).orders)
    assert orders == "ABBAAAAABBBA"


def test_seeds_give_both_orders_about_equally_often() -> None:
    firsts = [o[0] for seed in range(400) for o in randomise(6, seed).orders]
    share = firsts.count("A") / len(firsts)
    assert 0.45 < share < 0.55
    assert len({randomise(6, seed).orders for seed in range(400)}) > 50


def test_bad_seeds_and_block_counts_are_refused() -> None:
    with pytest.raises(InputError):
        randomise(6, -1)
    with pytest.raises(InputError):
        randomise(0, 1)
    assert 0 <= draw_seed() < 2**62


@given(
    st.integers(1, 12),
    st.integers(0, 4),
    st.sets(st.integers(0, 6), min_size=1),
    st.sampled_from([0.0, 24.0, 36.0, 48.0]),
    st.integers(0, 2**32),
)
def test_run_schedule_respects_days_gap_and_allocation(
    blocks: int, run_in: int, days: set[int], gap_h: float, seed: int
) -> None:
    design = custom_design("t", "a", "b", n_blocks=blocks, run_in=run_in, min_gap_h=gap_h)
    schedule = make_schedule(design, start=START, seed=seed, run_days=days)
    slots = schedule.slots
    assert len(slots) == run_in + 2 * blocks
    assert all(s.phase == "run_in" for s in slots[:run_in])
    assert all(s.first_day.weekday() in days for s in slots)
    assert slots[0].first_day >= START
    for before, after in itertools.pairwise(slots):
        assert (after.first_day - before.first_day).days >= max(1, -(-gap_h // 24))
    pairs = [(s.block, s.arm) for s in schedule.block_slots]
    expected = [(b, arm) for b, o in enumerate(schedule.allocation.orders, 1) for arm in o]
    assert pairs == expected


def test_period_schedule_has_run_in_washout_and_back_to_back_periods() -> None:
    design = get_template("hip_flexor_stretch").design
    schedule = make_schedule(design, start=START, seed=5)
    run_in, *periods = schedule.slots
    assert run_in.phase == "run_in"
    assert run_in.last_day == START + timedelta(days=2)
    assert len(periods) == 12
    for slot in periods:
        assert (slot.last_day - slot.first_day).days == 6
        assert (slot.analysed_from - slot.first_day).days == 2
        assert not slot.covers(slot.first_day)
        assert slot.covers(slot.last_day)
    assert periods[0].first_day == START + timedelta(days=3)
    for before, after in itertools.pairwise(periods):
        assert after.first_day == before.last_day + timedelta(days=1)
    assert schedule.end == periods[-1].last_day
    assert schedule.slot_on(periods[3].first_day) == periods[3]


def test_bad_run_days_are_refused() -> None:
    design = get_template("warm_up").design
    with pytest.raises(InputError) as error:
        make_schedule(design, start=START, seed=1, run_days=())
    assert error.value.source == "run_days"
    with pytest.raises(InputError):
        make_schedule(design, start=START, seed=1, run_days=(7,))


def test_overlapping_dates_for_the_same_outcome_are_a_clear_error() -> None:
    design = get_template("warm_up").design
    first = make_schedule(design, start=START, seed=1)
    second = make_schedule(get_template("cadence").design, start=first.end, seed=2)
    with pytest.raises(InputError, match="overlap the experiment 'Warm-up 10-15") as error:
        check_no_overlap(second, [first.span()])
    assert error.value.source == "start"


def test_no_overlap_error_after_the_end_or_for_another_outcome() -> None:
    design = get_template("warm_up").design
    first = make_schedule(design, start=START, seed=1)
    later = make_schedule(design, start=first.end + timedelta(days=1), seed=2)
    check_no_overlap(later, [first.span()])
    other = Span("morning pain study", "next_morning_pain", START, first.end)
    check_no_overlap(make_schedule(design, start=START, seed=3), [other])


def test_schedule_is_json_ready() -> None:
    data = make_schedule(get_template("warm_up").design, start=START, seed=9).as_json()
    assert data["allocation"]["seed"] == 9
    assert data["slots"][2]["phase"] == "block"
