"""The numbers and wording of the plan rules, with their sources, in one place.

* **Pain-monitoring rule** (Silbernagel, AJSM 2007;35:897, RCT n=38 in Achilles
  tendinopathy; zones as reproduced by https://bim.physio/the-pain-monitoring-model/):
  pain during activity <= 3/10 is safe, 4-5/10 acceptable, > 5/10 not; the response by next
  morning decides - pain not settled or morning pain above the runner's usual means step
  back. Use for back pain is an extrapolation (KNOWLEDGE.md §7, Implication 12).
* **Return to running** (military walk/run protocol, Trials 2023,
  https://trialsjournal.biomedcentral.com/articles/10.1186/s13063-023-07502-x/tables/1;
  clinic protocol https://www.arc-running.com/run-walk-progression/): each phase done at
  least twice, at least one rest day between runs, 10-15 min warm-up, ~10 %/week afterwards
  with a lighter 3rd-4th week.
* **Load-spike rule** (Garmin-RUNSAFE, Nielsen et al. BJSM 2025, 5,205 runners): a run more
  than 10 % longer than the longest of the previous 30 days carried a higher injury rate
  (HRR 1.64 for 10-30 %); the weekly ratio (ACWR) did not predict injury. Any overuse injury,
  not back pain specifically.
"""

from __future__ import annotations

from typing import Final

PAIN_SAFE_MAX: Final = 3
"""Pain during a session at or below this (0-10) allows progress."""
PAIN_ACCEPTABLE_MAX: Final = 5
"""Pain 4-5/10 means hold (repeat the step); above 5 means step back."""
SPIKE_RATIO: Final = 1.10
"""No session more than 10 % longer than the longest of the previous 30 days."""
SPIKE_WINDOW_DAYS: Final = 30
WEEKLY_GROWTH_RATIO: Final = 1.10
"""Weekly minutes at most 10 % above the highest of the previous four weeks."""
SESSION_FLOOR_MIN: Final = 20.0
"""Shortest main set we plan, and the length always allowed by the spike rule (a runner
with no recent runs must start somewhere; walking makes up most of the early sessions)."""
RETURN_PHASE_MAX_MIN: Final = 40.0
"""Run/walk sessions stay at or under this until running is continuous (protocols use
~30 min sessions, arc-running; 1-2 miles, military)."""
FIRST_CONTINUOUS_MAX_MIN: Final = 30.0
"""The first week of continuous running stays at or under 30 min (the clinic protocol's end
point is 30 min continuous)."""
MIN_SESSIONS_PER_STEP: Final = 2
"""Each run/walk level is done at least twice before moving on."""
WARM_UP_MIN: Final = 10.0
COOL_DOWN_MIN: Final = 5.0

PAIN_RULE: Final = (
    "Pain rule: during the session pain up to 3/10 is fine, 4-5/10 is acceptable (repeat this "
    "step), more than 5/10 means stop and step back. It must settle by next morning, and your "
    "morning pain must not be above your usual. If morning pain rises from week to week, or "
    "you get any new leg pain, numbness, bladder, bowel or saddle symptoms, stop, redo the "
    "safety check and see a clinician."
)

SOURCES: Final[tuple[str, ...]] = (
    "Silbernagel KG et al. Am J Sports Med 2007;35:897 (pain-monitoring model), "
    "https://read.qxmd.com/read/17307888/",
    "Pain-monitoring zones, https://bim.physio/the-pain-monitoring-model/",
    "Walk/run return protocol, Trials 2023, "
    "https://trialsjournal.biomedcentral.com/articles/10.1186/s13063-023-07502-x/tables/1",
    "Clinic run/walk progression, https://www.arc-running.com/run-walk-progression/",
    "Nielsen RO et al. BJSM 2025 (Garmin-RUNSAFE load spikes), "
    "https://blogs.bmj.com/bjsm/2025/10/06/how-much-running-is-too-much-a-new-take-on-injury-risk-for-runners",
    "Hottenrott K et al. J Sci Med Sport 2016 (run/walk marathon)",
)
