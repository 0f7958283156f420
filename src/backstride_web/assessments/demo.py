"""The demo runner's completed intake, in the reference case's pattern.

Sam answered the onboarding screen with no red flags, describes a central "pump" five
minutes into every run that a long warm-up makes go away, scores low risk on STarT Back,
and his modified Thomas test shows limited hip extension on both sides (thigh stays above
the table) with normal knee bend. Building it again replaces his assessment records.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from backstride.assess import redflags
from backstride_web.accounts.models import User
from backstride_web.assessments import services
from backstride_web.assessments.models import (
    Acknowledgement,
    InstrumentResponse,
    PainProfileEntry,
    Screen,
    SelfTestResult,
)

PAIN_PROFILE = {
    "years_with_pain": 2,
    "onset_minute": 5,
    "character": ["pump", "tightness"],
    "location": ["central"],
    "warm_up_effect": "abolishes",
    "aggravators": ["pace", "hills", "long_sitting"],
    "relievers": ["walking", "stopping"],
    "other_sports": ["weights", "football", "rugby"],
    "sitting_hours_per_day": 9,
    "goal": "Run a marathon without the back pump stopping me.",
}
# Keele STarT Back: all disagree, "slightly" bothersome: total 0, subscale 0 -> low risk.
STARTBACK = {**{str(n): "disagree" for n in range(1, 9)}, "9": "slightly"}
THOMAS = {
    "thigh_level_left": False,
    "thigh_level_right": False,
    "knee_flexion_deg_left": 85,
    "knee_flexion_deg_right": 85,
}


@transaction.atomic
def build_intake(runner: User, *, now: datetime) -> None:
    """Replace ``runner``'s assessment records with the demo intake, dated before ``now``."""
    for model in (Acknowledgement, PainProfileEntry, InstrumentResponse, SelfTestResult, Screen):
        model.objects.filter(runner=runner).delete()
    onboarding = now - timedelta(days=14)
    full = {q.id: "no" for q in redflags.questions() if q.follow_up_of is None}
    services.record_screen(runner, full, short=False, now=onboarding)
    services.record_pain_profile(runner, PAIN_PROFILE, now=onboarding + timedelta(minutes=5))
    services.record_instrument(
        runner, "startback", STARTBACK, entered_by=runner, now=onboarding + timedelta(minutes=10)
    )
    services.record_self_test(runner, "modified_thomas", THOMAS, now=now - timedelta(days=13))
    # Back extensors tiring before the flexors (flexor:extensor 1.25, above McGill's < 1.0)
    # and level hips on the step-down: Explain then weighs those contributors on evidence
    # (for the extensors, against hip-abductor weakness) rather than leaving them unknown.
    services.record_self_test(
        runner,
        "mcgill_endurance",
        {"flexor_s": 150, "extensor_s": 120, "side_left_s": 70, "side_right_s": 66},
        now=now - timedelta(days=13),
    )
    services.record_self_test(
        runner,
        "single_leg_step_down",
        {"pelvis_level_left": True, "pelvis_level_right": True},
        now=now - timedelta(days=13),
    )
    short = dict.fromkeys(redflags.short_form_ids(), "no")
    services.record_screen(runner, short, short=True, now=now - timedelta(days=2))
