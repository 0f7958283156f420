"""Red-flag screen: every flag's tier and action, unsure = yes, blocking, clearance, re-screen."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.assess import redflags
from backstride.assess.redflags import Clearance, Tier
from backstride.errors import InputError

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

# Expected tiers, written out independently of the data file (KNOWLEDGE.md §1 and §10).
EXPECTED_TIER = {
    **{f"R{n}": Tier.EMERGENCY for n in (1, 2, 3, 4, 5, 6, 14)},
    **{f"R{n}": Tier.URGENT for n in (7, 8, 9, 10, 11, 12, 13, 16)},
    "R15": Tier.ROUTINE,
}
ESCALATIONS = {"R7": "R7b", "R8": "R8b", "R12": "R12b"}
MAIN_IDS = [f"R{n}" for n in range(1, 17)]


def all_no(*, short: bool = False) -> dict[str, object]:
    return {q.id: "no" for q in redflags.questions(short=short) if q.follow_up_of is None}


def test_the_screen_has_r1_to_r16_and_three_follow_ups() -> None:
    ids = [q.id for q in redflags.questions()]
    assert [i for i in ids if i not in ESCALATIONS.values()] == MAIN_IDS
    assert all(ids.index(f) == ids.index(m) + 1 for m, f in ESCALATIONS.items())


def test_all_no_is_clear_and_allows_everything() -> None:
    outcome = redflags.screen(all_no(), now=NOW)
    assert outcome.tier is Tier.NONE
    assert not outcome.any_positive
    assert outcome.answered_at == NOW
    assert not redflags.plans_blocked(outcome, now=NOW)


@pytest.mark.parametrize("flag", MAIN_IDS)
def test_each_flag_gives_its_tier_action_and_blocking(flag: str) -> None:
    answers = all_no()
    answers[flag] = "yes"
    if flag in ESCALATIONS:
        answers[ESCALATIONS[flag]] = "no"
    outcome = redflags.screen(answers, now=NOW)
    expected = EXPECTED_TIER[flag]
    assert outcome.tier is expected
    (positive,) = outcome.positives
    question = next(q for q in redflags.questions() if q.id == flag)
    assert positive.id == flag
    assert positive.action == question.action
    assert positive.action
    assert positive.reason
    assert positive.source
    result = redflags.allowed(outcome, now=NOW)
    if expected is Tier.EMERGENCY:
        assert (result.running, result.walking, result.exercises) == (False, False, False)
        assert "emergency" in positive.action.lower()
        assert redflags.plans_blocked(outcome, now=NOW)
    elif expected is Tier.URGENT:
        assert (result.running, result.walking, result.exercises) == (False, True, False)
        assert "24-48 hours" in positive.action
        assert redflags.plans_blocked(outcome, now=NOW)
    else:
        assert (result.running, result.walking, result.exercises) == (True, True, True)
        assert not redflags.plans_blocked(outcome, now=NOW)


@pytest.mark.parametrize(("flag", "follow_up"), ESCALATIONS.items())
def test_a_positive_follow_up_escalates_to_emergency(flag: str, follow_up: str) -> None:
    answers = all_no()
    answers[flag] = "yes"
    answers[follow_up] = "unsure"
    outcome = redflags.screen(answers, now=NOW)
    assert outcome.tier is Tier.EMERGENCY
    assert "emergency" in outcome.positives[0].action.lower()


@pytest.mark.parametrize("flag", MAIN_IDS)
def test_unsure_counts_as_yes(flag: str) -> None:
    answers = all_no()
    answers[flag] = "unsure"
    answers.update(dict.fromkeys(ESCALATIONS.values(), "no"))
    outcome = redflags.screen(answers, now=NOW)
    assert outcome.tier is EXPECTED_TIER[flag]
    assert outcome.positives[0].answer == "unsure"


def test_highest_tier_wins_and_all_positives_are_listed() -> None:
    answers = all_no()
    answers.update(R15="yes", R10="yes", R3="yes")
    outcome = redflags.screen(answers, now=NOW)
    assert outcome.tier is Tier.EMERGENCY
    assert [p.id for p in outcome.positives] == ["R3", "R10", "R15"]


@pytest.mark.parametrize("flag", MAIN_IDS)
def test_a_missing_answer_names_the_question(flag: str) -> None:
    answers = all_no()
    del answers[flag]
    with pytest.raises(InputError) as caught:
        redflags.screen(answers, now=NOW)
    assert caught.value.source == flag


def test_a_missing_follow_up_is_required_only_when_its_flag_is_positive() -> None:
    answers = all_no()
    redflags.screen(answers, now=NOW)
    answers["R7"] = "yes"
    with pytest.raises(InputError) as caught:
        redflags.screen(answers, now=NOW)
    assert caught.value.source == "R7b"


@pytest.mark.parametrize("bad", ["maybe", "", 1, None, 2.5])
def test_a_malformed_answer_is_an_input_error(bad: object) -> None:
    answers = all_no()
    answers["R1"] = bad
    with pytest.raises(InputError) as caught:
        redflags.screen(answers, now=NOW)
    assert caught.value.source == "R1"


def test_unknown_question_ids_are_refused() -> None:
    answers = all_no()
    answers["R99"] = "no"
    with pytest.raises(InputError) as caught:
        redflags.screen(answers, now=NOW)
    assert caught.value.source == "R99"


def test_answers_are_normalised_and_booleans_accepted() -> None:
    answers = all_no()
    answers["R15"] = " YES "
    answers["R16"] = False
    outcome = redflags.screen(answers, now=NOW)
    assert outcome.answers["R15"] == "yes"
    assert outcome.answers["R16"] == "no"


def test_short_form_is_r1_to_r8_and_r14() -> None:
    assert redflags.short_form_ids() == ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R14")
    outcome = redflags.screen(all_no(short=True), now=NOW, short=True)
    assert outcome.form == "short"
    with pytest.raises(InputError):
        redflags.screen({**all_no(short=True), "R15": "no"}, now=NOW, short=True)


def test_no_screen_blocks_everything() -> None:
    result = redflags.allowed(None, now=NOW)
    assert (result.running, result.walking, result.exercises) == (False, False, False)
    assert redflags.plans_blocked(None, now=NOW)


def emergency() -> redflags.ScreenOutcome:
    return redflags.screen({**all_no(), "R3": "yes"}, now=NOW)


def test_clearance_after_the_screen_unblocks() -> None:
    clearance = Clearance(confirmed_at=NOW + timedelta(days=1))
    later = NOW + timedelta(days=2)
    assert not redflags.plans_blocked(emergency(), clearance, now=later)
    assert redflags.allowed(emergency(), clearance, now=later).cleared


def test_clearance_before_the_screen_does_not_count() -> None:
    clearance = Clearance(confirmed_at=NOW - timedelta(minutes=1))
    assert redflags.plans_blocked(emergency(), clearance, now=NOW + timedelta(days=1))


def test_clearance_dated_in_the_future_does_not_count() -> None:
    clearance = Clearance(confirmed_at=NOW + timedelta(days=5))
    assert redflags.plans_blocked(emergency(), clearance, now=NOW + timedelta(days=1))


def test_tier_info_and_safety_net_are_cited() -> None:
    for tier in (Tier.EMERGENCY, Tier.URGENT, Tier.ROUTINE):
        info = redflags.tier_info(tier)
        assert info.headline
        assert info.source
    card = redflags.safety_net()
    assert card["lines"]
    assert "emergency" in card["action"].lower()


def test_rescreen_is_due_weekly_and_on_new_symptoms() -> None:
    assert redflags.rescreen_due(None, now=NOW)
    assert not redflags.rescreen_due(NOW - timedelta(days=6, hours=23), now=NOW)
    assert redflags.rescreen_due(NOW - timedelta(days=7), now=NOW)
    assert redflags.rescreen_due(NOW, now=NOW, new_symptoms=["numbness"])
    assert redflags.rescreen_due(NOW, now=NOW, new_symptoms={"leg_symptoms"})
    assert not redflags.rescreen_due(NOW, now=NOW, new_symptoms=["tightness"])


def test_no_question_or_action_diagnoses() -> None:
    for q in redflags.questions():
        for text in (q.text, q.action, q.reason):
            assert "you have cauda" not in text.lower()
            assert "diagnos" not in text.lower()


@given(st.fixed_dictionaries({q: st.sampled_from(["yes", "no", "unsure"]) for q in MAIN_IDS}))
def test_outcome_tier_is_the_highest_positive_base_tier(answers: dict[str, object]) -> None:
    full: dict[str, object] = {**answers, **dict.fromkeys(ESCALATIONS.values(), "no")}
    outcome = redflags.screen(full, now=NOW)
    positive = [q for q in MAIN_IDS if answers[q] != "no"]
    assert outcome.tier == max((EXPECTED_TIER[q] for q in positive), default=Tier.NONE)
    assert [p.id for p in outcome.positives] == positive
    assert redflags.plans_blocked(outcome, now=NOW) == (outcome.tier >= Tier.URGENT)


def test_the_core_does_not_import_django() -> None:
    code = (
        "import sys, backstride.assess.redflags, backstride.assess.instruments, "
        "backstride.assess.selftests, backstride.assess.pain_profile, backstride.knowledge; "
        "assert 'django' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_later_clear_short_form_does_not_undo_an_earlier_positive() -> None:
    full = redflags.screen({**all_no(), "R10": "yes"}, now=NOW)
    week_later = redflags.screen(all_no(short=True), now=NOW + timedelta(days=7), short=True)
    later = NOW + timedelta(days=8)
    state = redflags.allowed_over([full, week_later], now=later)
    assert state.tier is Tier.URGENT
    assert (state.running, state.walking) == (False, True)
    cleared = redflags.allowed_over(
        [full, week_later], Clearance(confirmed_at=NOW + timedelta(days=1)), now=later
    )
    assert cleared.running
    assert cleared.cleared


def test_a_positive_short_form_after_clearance_blocks_again() -> None:
    full = redflags.screen({**all_no(), "R10": "yes"}, now=NOW)
    clearance = Clearance(confirmed_at=NOW + timedelta(days=1))
    short = redflags.screen(
        {**all_no(short=True), "R6": "yes"}, now=NOW + timedelta(days=7), short=True
    )
    state = redflags.allowed_over([full, short], clearance, now=NOW + timedelta(days=8))
    assert state.tier is Tier.EMERGENCY
    assert not state.walking
    assert state.reason == "Go to emergency care now"


def test_no_screens_allow_nothing() -> None:
    assert not redflags.allowed_over([], now=NOW).walking


def test_a_follow_up_sent_for_a_negative_flag_is_ignored_not_stored() -> None:
    outcome = redflags.screen({**all_no(), "R7b": "yes"}, now=NOW)
    assert outcome.tier is Tier.NONE
    assert "R7b" not in outcome.answers
