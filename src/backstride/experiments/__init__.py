"""Self-experiments (n-of-1 trials, capability M8): design, randomise, schedule, conduct.

- :mod:`.design`: arms, adherence rules, the validated :class:`Design`;
- :mod:`.templates`: ready-made designs from ``knowledge/experiments.toml``;
- :mod:`.schedule`: seeded block-pair randomisation, dated slots, the overlap check;
- :mod:`.precision`: blocks needed, from the runner's own variability;
- :mod:`.conduct`: adherence of each run, the safety stop, observations for the analysis
  in :mod:`backstride.analysis.nof1`.

Methods: Kravitz & Duan, AHRQ *Design and Implementation of N-of-1 Trials* 2014; reporting
per CENT 2015 (Vohra et al., BMJ 2015;350:h1793). See ``docs/experiments.md``.
"""

from backstride.experiments.conduct import (
    Adherence,
    Conducted,
    SafetyStatus,
    classify,
    conduct,
    local_day,
    safety_check,
)
from backstride.experiments.design import (
    DEFAULT_BLOCKS,
    SAFETY_STOP_NRS,
    AdherenceRule,
    Arm,
    ArmKey,
    Design,
    custom_design,
)
from backstride.experiments.precision import PrecisionHint, blocks_for_power, precision_hint
from backstride.experiments.schedule import (
    Allocation,
    Schedule,
    Slot,
    Span,
    check_no_overlap,
    draw_seed,
    make_schedule,
    randomise,
)
from backstride.experiments.templates import (
    Template,
    design_from_template,
    get_template,
    templates,
)

__all__ = [
    "DEFAULT_BLOCKS",
    "SAFETY_STOP_NRS",
    "Adherence",
    "AdherenceRule",
    "Allocation",
    "Arm",
    "ArmKey",
    "Conducted",
    "Design",
    "PrecisionHint",
    "SafetyStatus",
    "Schedule",
    "Slot",
    "Span",
    "Template",
    "blocks_for_power",
    "check_no_overlap",
    "classify",
    "conduct",
    "custom_design",
    "design_from_template",
    "draw_seed",
    "get_template",
    "local_day",
    "make_schedule",
    "precision_hint",
    "randomise",
    "safety_check",
    "templates",
]
