"""Pain-profile questionnaire: validation with field-level errors, round trip."""

from __future__ import annotations

from typing import Any

import pytest

from backstride.assess.pain_profile import PainProfile
from backstride.errors import InputError

REFERENCE_CASE: dict[str, Any] = {
    "years_with_pain": 4,
    "onset_minute": 5,
    "character": ["pump", "tightness"],
    "location": ["central"],
    "warm_up_effect": "abolishes",
    "aggravators": ["pace", "long_sitting", "heavy_lifting_day_before"],
    "relievers": ["stopping", "lying_down"],
    "other_sports": ["football", "rugby", "weightlifting"],
    "sitting_hours_per_day": 9,
    "goal": "Run a marathon and a triathlon",
}


def test_reference_case_round_trips() -> None:
    profile = PainProfile.from_mapping(REFERENCE_CASE)
    assert profile.onset_minute == 5.0
    assert profile.character == {"pump", "tightness"}
    assert not profile.has_leg_symptoms
    assert PainProfile.from_mapping(profile.as_dict()) == profile


def test_optional_fields_default_sensibly() -> None:
    data = {
        k: v
        for k, v in REFERENCE_CASE.items()
        if k not in ("aggravators", "relievers", "other_sports", "goal")
    }
    profile = PainProfile.from_mapping({**data, "onset_minute": None})
    assert profile.onset_minute is None
    assert profile.aggravators == frozenset()
    assert profile.goal == ""


def test_form_strings_are_accepted() -> None:
    profile = PainProfile.from_mapping(
        {
            **REFERENCE_CASE,
            "years_with_pain": "2.5",
            "other_sports": "football, rugby",
            "character": "ache",
        }
    )
    assert profile.years_with_pain == 2.5
    assert profile.other_sports == ("football", "rugby")
    assert profile.character == {"ache"}


def test_leg_symptoms_are_flagged() -> None:
    profile = PainProfile.from_mapping({**REFERENCE_CASE, "location": ["one_side", "below_knee"]})
    assert profile.has_leg_symptoms


@pytest.mark.parametrize(
    ("change", "source"),
    [
        ({"years_with_pain": None}, "years_with_pain"),
        ({"years_with_pain": -1}, "years_with_pain"),
        ({"years_with_pain": "lots"}, "years_with_pain"),
        ({"onset_minute": 601}, "onset_minute"),
        ({"sitting_hours_per_day": 25}, "sitting_hours_per_day"),
        ({"sitting_hours_per_day": float("inf")}, "sitting_hours_per_day"),
        ({"character": []}, "character"),
        ({"character": ["throbbing"]}, "character"),
        ({"location": []}, "location"),
        ({"location": 3}, "location"),
        ({"warm_up_effect": "magic"}, "warm_up_effect"),
        ({"aggravators": ["rain"]}, "aggravators"),
        ({"relievers": ["ice"]}, "relievers"),
        ({"other_sports": ["x" * 61]}, "other_sports"),
        ({"other_sports": ["a"] * 21}, "other_sports"),
        ({"goal": "x" * 301}, "goal"),
        ({"goal": 5}, "goal"),
        ({"shoe": "brand"}, "shoe"),
    ],
)
def test_bad_values_name_the_field(change: dict[str, Any], source: str) -> None:
    with pytest.raises(InputError) as caught:
        PainProfile.from_mapping({**REFERENCE_CASE, **change})
    assert caught.value.source == source
