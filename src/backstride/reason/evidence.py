"""A case -> the evidence signals the contributors' items read.

Each signal is a yes / no / unknown fact about this runner, with the detail that produced it
(``"warm-up abolishes the pain (pain profile)"``). Every known signal is always returned, with
``value=None`` when the data to decide it are missing: missing evidence is *unknown*, never
"against". The thresholds (with their sources) are the constants below; the likelihood ratios
that turn a signal into a score live in ``knowledge/contributors.toml``.

Sources of the thresholds: onset within 15 minutes (our pattern boundary for "early"); 6+ h
sitting (Kett 2021 saw stiffer back muscles after 4.5 h); warm-up/sitting/lifting effects use
the diary's log-rank test at p < 0.05 and need 5+ runs in each group to count as "no effect";
load spikes follow Garmin-RUNSAFE (Nielsen 2025); cadence references by speed 169/172/178
spm at 2.68/3.16/3.83 m/s (Leacox 2025, secondary) with a 5 % margin (Heiderscheit 2011);
gait display bands are provisional (GAIT.md §4: no primary source for trunk lean, hip
extension or shank angle; pelvic drop from Bramah 2018).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

import numpy as np

from backstride.assess import selftests
from backstride.reason.case import Case, RunComparison

__all__ = ["SIGNALS", "Observation", "SignalInfo", "observe"]


@dataclass(frozen=True, slots=True)
class SignalInfo:
    """What a signal means: the question it answers and where its data come from."""

    question: str
    origin: str
    """``intake``, ``screen``, ``self-test``, ``runs``, ``gait`` or ``experiment``."""


@dataclass(frozen=True, slots=True)
class Observation:
    """One signal for this runner: True / False / None (unknown), and why."""

    key: str
    value: bool | None
    detail: str
    final: bool = False
    """True for an unknown that no test can settle (e.g. no norm for this runner's sex)."""


SIGNALS: Final[dict[str, SignalInfo]] = {
    "warm_up_helps_reported": SignalInfo(
        "Does a warm-up ease the pain, by your account?", "intake"
    ),
    "onset_early": SignalInfo("Does the pain start within the first 15 minutes?", "intake"),
    "pump_character": SignalInfo("Is it a building pump or tightness?", "intake"),
    "pace_or_hills_aggravate": SignalInfo("Do pace or hills make it worse?", "intake"),
    "downhill_aggravates": SignalInfo("Does downhill running make it worse?", "intake"),
    "long_sitting_aggravates": SignalInfo("Does long sitting make it worse?", "intake"),
    "lifting_aggravates": SignalInfo("Does heavy lifting the day before make it worse?", "intake"),
    "bending_forward_relieves": SignalInfo("Does bending forward ease it?", "intake"),
    "stopping_relieves": SignalInfo("Does stopping or lying down ease it?", "intake"),
    "sitting_hours_high": SignalInfo("Do you sit 6 hours a day or more?", "intake"),
    "long_standing": SignalInfo("Have you had it for a year or more?", "intake"),
    "lifts_weights": SignalInfo("Do you lift weights?", "intake"),
    "inflammatory_pattern": SignalInfo(
        "Was the inflammatory-pattern question (R15) positive?", "screen"
    ),
    "thomas_outside": SignalInfo(
        "Did the modified Thomas test show limited hip extension?", "self-test"
    ),
    "biering_sorensen_short": SignalInfo(
        "Was the back-extensor hold under 176 s (men's norm)?", "self-test"
    ),
    "mcgill_ratio_outside": SignalInfo(
        "Were the McGill ratios outside their targets?", "self-test"
    ),
    "side_bridge_asymmetry": SignalInfo(
        "Did the side bridges differ by more than 5 %?", "self-test"
    ),
    "trendelenburg": SignalInfo("Did the pelvis drop on the step-down test?", "self-test"),
    "abduction_asymmetry": SignalInfo(
        "Did the hip-abduction holds differ by more than 20 %?", "self-test"
    ),
    "runs_warmup_effect": SignalInfo(
        "Do your runs show pain later after a 10+ min warm-up?", "runs"
    ),
    "runs_sitting_effect": SignalInfo(
        "Do your runs show pain earlier on days with 8+ h of sitting?", "runs"
    ),
    "runs_lifting_effect": SignalInfo(
        "Do your runs show pain earlier within 48 h of heavy lifting?", "runs"
    ),
    "load_spikes_repeated": SignalInfo("Two or more load spikes in the last 90 days?", "runs"),
    "load_spike_recent": SignalInfo("A load spike in the last 14 days?", "runs"),
    "cadence_low_for_speed": SignalInfo("Is your cadence over 5 % low for your speed?", "runs"),
    "runs_shoes_effect": SignalInfo("Does your pain differ by shoe?", "runs"),
    "gait_trunk_lean_high": SignalInfo("Is your trunk lean over about 10 degrees?", "gait"),
    "gait_hip_extension_low": SignalInfo(
        "Is your hip extension at toe-off under about 10 degrees?", "gait"
    ),
    "gait_overstride": SignalInfo("Is your shank angle at contact over about 10 degrees?", "gait"),
    "gait_anterior_tilt_high": SignalInfo(
        "Is your forward pelvic tilt over about 20 degrees?", "gait"
    ),
    "gait_pelvic_drop_high": SignalInfo("Is your pelvic drop over about 6 degrees?", "gait"),
    "experiment_warm_up": SignalInfo(
        "Did your randomised warm-up experiment find the warm-up better?", "experiment"
    ),
    "experiment_hip_flexor_stretch": SignalInfo(
        "Did your randomised stretching experiment find hip-flexor stretching better?",
        "experiment",
    ),
    "experiment_cadence": SignalInfo(
        "Did your randomised cadence experiment find a higher cadence better?", "experiment"
    ),
    "experiment_no_lifting_48h": SignalInfo(
        "Did your randomised experiment find runs without lifting in the 48 h before better?",
        "experiment",
    ),
    "experiment_shoes": SignalInfo(
        "Did your randomised shoe experiment find one pair better than the other?", "experiment"
    ),
}
EXPERIMENT_SIGNALS: Final = {
    "warm_up": "experiment_warm_up",
    "hip_flexor_stretch": "experiment_hip_flexor_stretch",
    "cadence": "experiment_cadence",
    "no_lifting_48h": "experiment_no_lifting_48h",
    "shoes": "experiment_shoes",
}
"""Template id (``knowledge/experiments.toml``) -> its signal. Arm A of each template is the
change tested: the signal is True when the pre-set verdict found A better, False when it found
B better or no important difference, unknown while the evidence was not enough. The shoe
template compares two pairs: True when either came out better. Custom experiments inform no
contributor."""

EARLY_ONSET_MIN: Final = 15.0
SITTING_HIGH_H: Final = 6.0
LONG_STANDING_YEARS: Final = 1.0
P_EFFECT: Final = 0.05
MIN_RUNS_PER_GROUP: Final = 5
SPIKE_WINDOW_DAYS: Final = 90
RECENT_SPIKE_DAYS: Final = 14
MIN_RUNS_FOR_NO_SPIKES: Final = 8
MIN_RUNS_FOR_NO_RECENT_SPIKE: Final = 4
CADENCE_REFERENCE: Final = ((2.68, 169.0), (3.16, 172.0), (3.83, 178.0))
CADENCE_MARGIN: Final = 0.05
ABDUCTION_DIFFERENCE: Final = 0.2
GAIT_BANDS: Final = {
    # signal: (metric field, threshold in degrees, True when above)
    "gait_trunk_lean_high": ("trunk_lean_deg", 10.0, True),
    "gait_hip_extension_low": ("hip_extension_toe_off_deg", 10.0, False),
    "gait_overstride": ("shank_angle_contact_deg", 10.0, True),
    "gait_anterior_tilt_high": ("anterior_pelvic_tilt_deg", 20.0, True),
    "gait_pelvic_drop_high": ("pelvic_drop_deg", 6.0, True),
}
_LIFTING_WORDS: Final = re.compile(r"weight|lift|gym|5x5|crossfit|barbell|strength", re.I)

Found = dict[str, tuple[bool | None, str] | tuple[bool | None, str, bool]]


def _intake(case: Case, found: Found) -> None:
    profile = case.pain_profile
    if profile is None:
        return
    src = "(pain profile)"
    effect = profile.warm_up_effect
    found["warm_up_helps_reported"] = (
        None if effect == "not_tried" else effect in ("abolishes", "reduces"),
        f"warm-up effect: {effect.replace('_', ' ')} {src}",
    )
    onset = profile.onset_minute
    found["onset_early"] = (
        onset is not None and onset <= EARLY_ONSET_MIN,
        f"onset at minute {onset:g} {src}"
        if onset is not None
        else f"no onset while running {src}",
    )
    found["pump_character"] = (
        bool(profile.character & {"pump", "tightness"}),
        f"character: {', '.join(sorted(profile.character))} {src}",
    )
    aggravators = ", ".join(sorted(profile.aggravators)).replace("_", " ") or "none ticked"
    found["pace_or_hills_aggravate"] = (
        bool(profile.aggravators & {"pace", "hills"}),
        f"aggravators: {aggravators} {src}",
    )
    for key, choice in (
        ("downhill_aggravates", "downhill"),
        ("long_sitting_aggravates", "long_sitting"),
        ("lifting_aggravates", "heavy_lifting_day_before"),
    ):
        found[key] = (choice in profile.aggravators, f"aggravators: {aggravators} {src}")
    relievers = ", ".join(sorted(profile.relievers)).replace("_", " ") or "none ticked"
    found["bending_forward_relieves"] = (
        "bending_forward" in profile.relievers,
        f"relievers: {relievers} {src}",
    )
    found["stopping_relieves"] = (
        bool(profile.relievers & {"stopping", "lying_down"}),
        f"relievers: {relievers} {src}",
    )
    hours = profile.sitting_hours_per_day
    found["sitting_hours_high"] = (hours >= SITTING_HIGH_H, f"sits {hours:g} h a day {src}")
    years = profile.years_with_pain
    found["long_standing"] = (years >= LONG_STANDING_YEARS, f"pain for {years:g} years {src}")
    sports = ", ".join(profile.other_sports) or "none"
    found["lifts_weights"] = (
        any(_LIFTING_WORDS.search(s) for s in profile.other_sports),
        f"other sports: {sports} {src}",
    )


def _screen(case: Case, found: Found) -> None:
    flags = case.red_flags
    if not flags.screened:
        return
    positive = "R15" in flags.positives
    found["inflammatory_pattern"] = (
        positive,
        "R15 answered yes or unsure (safety screen)"
        if positive
        else "R15 answered no (safety screen)",
    )


def _statuses(test: str, case: Case) -> dict[str, selftests.Finding] | None:
    entry = next((t for t in case.self_tests if t.test == test), None)
    if entry is None:
        return None
    comparison = selftests.compare(test, entry.values, sex=case.sex)
    return {f.norm: f for f in comparison.findings}


def _outside_any(
    findings: dict[str, selftests.Finding], norms: tuple[str, ...], name: str
) -> tuple[bool | None, str] | None:
    used = [
        findings[n] for n in norms if n in findings and findings[n].status in ("within", "outside")
    ]
    if not used:
        return None
    outside = [f for f in used if f.status == "outside"]
    shown = outside or used
    return (bool(outside), f"{shown[0].message} ({name})")


def _self_tests(case: Case, found: Found) -> None:
    thomas = _statuses("modified_thomas", case)
    if thomas is not None:
        result = _outside_any(
            thomas,
            (
                "one_joint_hip_flexors_left",
                "one_joint_hip_flexors_right",
                "rectus_femoris_left",
                "rectus_femoris_right",
            ),
            "modified Thomas test",
        )
        if result is not None:
            found["thomas_outside"] = result
    sorensen = _statuses("biering_sorensen", case)
    mcgill = _statuses("mcgill_endurance", case)
    if sorensen is None and mcgill is not None:
        entry = next(t for t in case.self_tests if t.test == "mcgill_endurance")
        hold = min(float(entry.values["extensor_s"]), 240.0)
        sorensen = {
            f.norm: f
            for f in selftests.compare("biering_sorensen", {"hold_s": hold}, sex=case.sex).findings
        }
    if sorensen is not None and "extensor_endurance_men" in sorensen:
        finding = sorensen["extensor_endurance_men"]
        value = {"outside": True, "within": False}.get(finding.status)
        found["biering_sorensen_short"] = (
            value,
            f"{finding.message} (Biering-Sørensen hold)",
            finding.status == "not_applicable",
        )
    if mcgill is not None:
        ratios = _outside_any(
            mcgill,
            ("flexor_to_extensor", "side_left_to_extensor", "side_right_to_extensor"),
            "McGill battery",
        )
        if ratios is not None:
            found["mcgill_ratio_outside"] = ratios
        symmetry = _outside_any(mcgill, ("side_bridge_symmetry",), "McGill battery")
        if symmetry is not None:
            found["side_bridge_asymmetry"] = symmetry
    step = _statuses("single_leg_step_down", case)
    if step is not None:
        result = _outside_any(step, ("trendelenburg_left", "trendelenburg_right"), "step-down test")
        if result is not None:
            found["trendelenburg"] = result
    abduction = _statuses("hip_abduction_hold", case)
    if abduction is not None and "abduction_difference" in abduction:
        difference = abduction["abduction_difference"].value
        if isinstance(difference, float):
            found["abduction_asymmetry"] = (
                difference > ABDUCTION_DIFFERENCE,
                f"sides differ by {difference:.0%} (hip-abduction hold)",
            )


def _later(first: float | None, second: float | None) -> bool:
    """True when median ``first`` is later than ``second`` (None = not reached = latest)."""
    if first is None:
        return second is not None
    return second is not None and first > second


def _median(value: float | None) -> str:
    return "not reached" if value is None else f"{value:.0f} min"


def _effect(
    comparison: RunComparison | None, *, protective: bool, label: str
) -> tuple[bool | None, str]:
    if comparison is None:
        return (None, f"no runs recorded with {label} known")
    c = comparison
    direction = (
        _later(c.yes_median_min, c.no_median_min)
        if protective
        else _later(c.no_median_min, c.yes_median_min)
    )
    text = (
        f"median pain-free {_median(c.yes_median_min)} with {label} ({c.yes_runs} runs) vs "
        f"{_median(c.no_median_min)} without ({c.no_runs} runs)"
    )
    if c.p_value is not None:
        text += ", log-rank " + (f"p = {c.p_value:.3f}" if c.p_value >= 0.001 else "p < 0.001")
    enough = min(c.yes_runs, c.no_runs) >= MIN_RUNS_PER_GROUP
    if c.p_value is not None and c.p_value < P_EFFECT:
        return (direction, text)
    if enough and c.p_value is not None:
        return (False, text)
    return (None, text + f"; too few runs to tell (need {MIN_RUNS_PER_GROUP}+ in each group)")


def _reference_cadence(speed: float) -> float:
    speeds = [s for s, _ in CADENCE_REFERENCE]
    cadences = [c for _, c in CADENCE_REFERENCE]
    return float(np.interp(speed, speeds, cadences))


def _runs(case: Case, found: Found) -> None:
    runs = case.runs
    if runs is None:
        return
    by_condition = {c.condition: c for c in runs.comparisons}
    found["runs_warmup_effect"] = _effect(
        by_condition.get("warm_up"), protective=True, label="a 10+ min warm-up"
    )
    found["runs_sitting_effect"] = _effect(
        by_condition.get("sitting"), protective=False, label="8+ h sitting that day"
    )
    found["runs_lifting_effect"] = _effect(
        by_condition.get("lifting"), protective=False, label="lifting in the previous 48 h"
    )
    today = case.as_of.date()
    window = [
        s for s in runs.spikes if timedelta(0) <= today - s.day <= timedelta(days=SPIKE_WINDOW_DAYS)
    ]
    recent = [s for s in window if today - s.day <= timedelta(days=RECENT_SPIKE_DAYS)]
    described = ", ".join(f"{s.day.isoformat()} (+{s.increase:.0%})" for s in window)
    if len(window) >= 2:
        found["load_spikes_repeated"] = (True, f"{len(window)} load spikes in 90 days: {described}")
    elif not window and runs.n_runs >= MIN_RUNS_FOR_NO_SPIKES:
        found["load_spikes_repeated"] = (False, f"no load spike in 90 days over {runs.n_runs} runs")
    else:
        found["load_spikes_repeated"] = (
            None,
            f"{len(window)} load spike(s) over {runs.n_runs} runs: too little to call a pattern",
        )
    if recent:
        found["load_spike_recent"] = (
            True,
            f"spike on {recent[-1].day.isoformat()} (+{recent[-1].increase:.0%})",
        )
    elif runs.n_runs >= MIN_RUNS_FOR_NO_RECENT_SPIKE:
        found["load_spike_recent"] = (False, "no load spike in the last 14 days")
    if runs.cadence_spm is not None and runs.speed_m_s is not None:
        reference = _reference_cadence(runs.speed_m_s)
        low = runs.cadence_spm < reference * (1 - CADENCE_MARGIN)
        found["cadence_low_for_speed"] = (
            low,
            f"cadence {runs.cadence_spm:.0f} spm at {runs.speed_m_s:.2f} m/s; reference about "
            f"{reference:.0f} spm",
        )
    if runs.shoe_effect is not None:
        found["runs_shoes_effect"] = (
            runs.shoe_effect,
            "pain differed by shoe in your diary" if runs.shoe_effect else "no difference by shoe",
        )


def _experiments(case: Case, found: Found) -> None:
    for result in case.experiments:  # oldest first: the latest of each template wins
        key = EXPERIMENT_SIGNALS.get(result.template_id or "")
        if key is None:
            continue
        either = key == "experiment_shoes"  # two pairs: a difference either way counts
        value = {"a_better": True, "b_better": either, "no_important_difference": False}.get(
            result.verdict
        )
        words = {
            "a_better": "the change came out better",
            "b_better": "the usual way came out better",
            "no_important_difference": "no important difference",
            "not_enough_evidence": "not enough evidence yet",
        }.get(result.verdict, result.verdict)
        detail = f"{result.name}, ended {result.ended.isoformat()}: {words}"
        if result.difference is not None:
            detail += f" ({result.difference:+.1f} over {result.n_blocks} blocks"
            detail += "" if result.p_value is None else f", randomisation p = {result.p_value:.3f}"
            detail += ")"
        if result.stopped:
            detail += "; stopped early"
        found[key] = (value, detail)


def _gait(case: Case, found: Found) -> None:
    gait = case.gait
    if gait is None:
        return
    for key, (name, threshold, above) in GAIT_BANDS.items():
        value = getattr(gait, name)
        if value is None:
            continue
        flagged = value > threshold if above else value < threshold
        label = name.removesuffix("_deg").replace("_", " ")
        found[key] = (
            flagged,
            f"{label} {value:.1f} degrees (video; provisional band {threshold:g})",
        )


_STEPS: Final[tuple[Callable[[Case, Found], None], ...]] = (
    _intake,
    _screen,
    _self_tests,
    _runs,
    _gait,
    _experiments,
)


def observe(case: Case) -> tuple[Observation, ...]:
    """Every signal of :data:`SIGNALS` for ``case``, sorted by key; unknown ones have ``None``."""
    found: Found = {}
    for step in _STEPS:
        step(case, found)
    observations = []
    for key, info in sorted(SIGNALS.items()):
        value, detail, *final = found.get(key, (None, f"not known yet: no {info.origin} data"))
        observations.append(
            Observation(key=key, value=value, detail=detail, final=bool(final and final[0]))
        )
    return tuple(observations)
