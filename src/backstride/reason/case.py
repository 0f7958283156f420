"""The "case": everything the ranking reads, as typed data and as a JSON document.

A case is built from a runner's stored data (the web app's ``explain/services.py``) or read
from a JSON file (``backstride explain --case FILE``); both then go through the same
:func:`backstride.reason.explain`. The format is documented in ``docs/case-format.md``.

:func:`case_from_dict` validates a parsed JSON document and raises
:class:`~backstride.errors.InputError` whose ``source`` is the path of the bad field
(``runs.comparisons[0].p_value``), so a person editing a case file can find it.
:meth:`Case.as_dict` is its inverse. Missing sections mean "not known", never "normal".
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from backstride.assess import redflags, selftests
from backstride.assess.pain_profile import PainProfile
from backstride.assess.redflags import Tier
from backstride.errors import InputError

__all__ = [
    "FORMAT",
    "Case",
    "ExperimentResult",
    "GaitMetrics",
    "LoadSpikeSummary",
    "RedFlagSummary",
    "RunComparison",
    "RunSummary",
    "SelfTestEntry",
    "case_from_dict",
    "load_case",
]

FORMAT: Final = "backstride-case/1"
CONDITIONS: Final = ("warm_up", "sitting", "lifting")
GAIT_FIELDS: Final = (
    "trunk_lean_deg",
    "hip_extension_toe_off_deg",
    "shank_angle_contact_deg",
    "anterior_pelvic_tilt_deg",
    "pelvic_drop_deg",
)
MAX_BYTES: Final = 2_000_000
VERDICTS: Final = ("a_better", "b_better", "no_important_difference", "not_enough_evidence")
"""Verdict kinds of :func:`backstride.analysis.nof1.analyse`."""


@dataclass(frozen=True, slots=True)
class RedFlagSummary:
    """The red-flag screens in force: highest tier, positive flag ids, clinician clearance.

    ``screened`` False means no full screen has been answered: nothing is ranked.
    ``cleared`` True means the runner confirmed a clinician checked them after the screen.
    """

    screened: bool
    tier: Tier = Tier.NONE
    positives: tuple[str, ...] = ()
    cleared: bool = False


@dataclass(frozen=True, slots=True)
class SelfTestEntry:
    """One self-test result: the test id of ``selftests.toml`` and its field values."""

    test: str
    values: Mapping[str, float | bool]


@dataclass(frozen=True, slots=True)
class RunComparison:
    """Runs split by a condition (``warm_up`` 10+ min, ``sitting`` 8+ h, ``lifting`` 48 h).

    Medians are minutes to pain onset (``None`` = not reached: most runs stayed pain-free);
    ``p_value`` is the log-rank test (``None`` when it could not be computed).
    """

    condition: str
    yes_runs: int
    no_runs: int
    yes_median_min: float | None
    no_median_min: float | None
    p_value: float | None


@dataclass(frozen=True, slots=True)
class LoadSpikeSummary:
    """A run more than 10 % longer than the longest of the previous 30 days."""

    day: date
    increase: float
    """Fraction longer: 0.25 = 25 % longer."""


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What the run analysis found (see ``backstride analyze``)."""

    n_runs: int
    n_diary_runs: int
    comparisons: tuple[RunComparison, ...] = ()
    spikes: tuple[LoadSpikeSummary, ...] = ()
    cadence_spm: float | None = None
    """Median cadence of recent runs, steps per minute."""
    speed_m_s: float | None = None
    """Median average speed of the same runs, m/s."""
    shoe_effect: bool | None = None
    """True when pain differed by shoe in the diary, False when it did not, None unknown."""


@dataclass(frozen=True, slots=True)
class GaitMetrics:
    """Gait metrics from a video (degrees); ``None`` = not measured."""

    trunk_lean_deg: float | None = None
    hip_extension_toe_off_deg: float | None = None
    shank_angle_contact_deg: float | None = None
    anterior_pelvic_tilt_deg: float | None = None
    pelvic_drop_deg: float | None = None


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    """A finished (or stopped) self-experiment: arm A is the change tested, B the usual.

    ``verdict`` is one of :data:`VERDICTS` (the pre-set rule of ``analysis/nof1.py`` on the
    intention-to-treat primary outcome); ``difference`` is A minus B of the primary outcome
    (pain-free minutes: positive favours A); ``contributors`` are the contributor ids the
    experiment's template tests (empty for a custom experiment: it then informs no signal).
    """

    name: str
    template_id: str | None
    contributors: tuple[str, ...]
    verdict: str
    difference: float | None
    p_value: float | None
    n_blocks: int
    ended: date
    stopped: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    """Everything the ranking reads about one runner, as of ``as_of``."""

    as_of: datetime
    red_flags: RedFlagSummary
    label: str = ""
    sex: str | None = None
    pain_profile: PainProfile | None = None
    self_tests: tuple[SelfTestEntry, ...] = ()
    runs: RunSummary | None = None
    gait: GaitMetrics | None = None
    notes: tuple[str, ...] = field(default=())
    experiments: tuple[ExperimentResult, ...] = ()
    """Finished self-experiments, oldest first."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON document of this case (the inverse of :func:`case_from_dict`)."""
        flags: dict[str, Any] = {
            "screened": self.red_flags.screened,
            "tier": self.red_flags.tier.name,
            "positives": list(self.red_flags.positives),
            "cleared": self.red_flags.cleared,
        }
        runs: dict[str, Any] | None = None
        if self.runs is not None:
            runs = {
                "n_runs": self.runs.n_runs,
                "n_diary_runs": self.runs.n_diary_runs,
                "comparisons": [
                    {
                        "condition": c.condition,
                        "yes_runs": c.yes_runs,
                        "no_runs": c.no_runs,
                        "yes_median_min": c.yes_median_min,
                        "no_median_min": c.no_median_min,
                        "p_value": c.p_value,
                    }
                    for c in self.runs.comparisons
                ],
                "load_spikes": [
                    {"date": s.day.isoformat(), "increase": s.increase} for s in self.runs.spikes
                ],
                "cadence_spm": self.runs.cadence_spm,
                "speed_m_s": self.runs.speed_m_s,
                "shoe_effect": self.runs.shoe_effect,
            }
        gait = None
        if self.gait is not None:
            gait = {name: getattr(self.gait, name) for name in GAIT_FIELDS}
        return {
            "format": FORMAT,
            "label": self.label,
            "as_of": self.as_of.isoformat(),
            "sex": self.sex,
            "red_flags": flags,
            "pain_profile": None if self.pain_profile is None else self.pain_profile.as_dict(),
            "self_tests": [{"test": t.test, "values": dict(t.values)} for t in self.self_tests],
            "runs": runs,
            "gait": gait,
            "experiments": [
                {
                    "name": e.name,
                    "template_id": e.template_id,
                    "contributors": list(e.contributors),
                    "verdict": e.verdict,
                    "difference": e.difference,
                    "p_value": e.p_value,
                    "n_blocks": e.n_blocks,
                    "ended": e.ended.isoformat(),
                    "stopped": e.stopped,
                }
                for e in self.experiments
            ],
            "notes": list(self.notes),
        }


# ------------------------------------------------------------------------------- validation


def _table(data: object, where: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise InputError("expected an object", source=where)
    return data


def _only(data: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            raise InputError(
                f"unknown field; expected one of {', '.join(allowed)}", source=_at(where, str(key))
            )


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _number(
    data: Mapping[str, Any], key: str, where: str, *, low: float, high: float
) -> float | None:
    raw = data.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise InputError(f"{raw!r} is not a number", source=_at(where, key))
    if not low <= raw <= high:
        raise InputError(f"{raw!r} is outside {low:g}-{high:g}", source=_at(where, key))
    return float(raw)


def _count(data: Mapping[str, Any], key: str, where: str) -> int:
    raw = data.get(key, 0)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise InputError(f"{raw!r} is not a whole number of 0 or more", source=_at(where, key))
    return raw


def _flag(data: Mapping[str, Any], key: str, where: str) -> bool | None:
    raw = data.get(key)
    if raw is not None and not isinstance(raw, bool):
        raise InputError(f"{raw!r} is not true, false or null", source=_at(where, key))
    return raw


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    raw = data.get(key, [])
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError("expected a list", source=_at(where, key))
    return raw


def _moment(raw: object, where: str) -> datetime:
    if not isinstance(raw, str):
        raise InputError("expected an ISO 8601 date-time with a time zone", source=where)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(f"{raw!r} is not an ISO 8601 date-time", source=where) from None
    if moment.tzinfo is None:
        raise InputError(f"{raw!r} has no time zone (add +00:00)", source=where)
    return moment


def _red_flags(raw: object, as_of: datetime) -> RedFlagSummary:
    if raw is None:
        return RedFlagSummary(screened=False)
    data = _table(raw, "red_flags")
    _only(data, ("screened", "tier", "positives", "cleared", "answers"), "red_flags")
    cleared = bool(_flag(data, "cleared", "red_flags"))
    if "answers" in data:
        answers = _table(data["answers"], "red_flags.answers")
        try:
            outcome = redflags.screen(answers, now=as_of)
        except InputError as error:
            raise InputError(error.message, source=f"red_flags.answers.{error.source}") from None
        return RedFlagSummary(
            screened=True,
            tier=outcome.tier,
            positives=tuple(sorted(p.id for p in outcome.positives)),
            cleared=cleared,
        )
    screened = _flag(data, "screened", "red_flags")
    tier_name = data.get("tier", "NONE")
    if not isinstance(tier_name, str) or tier_name not in Tier.__members__:
        raise InputError(
            f"{tier_name!r} is not one of {', '.join(Tier.__members__)}", source="red_flags.tier"
        )
    known = {q.id for q in redflags.questions()}
    positives = _list(data, "positives", "red_flags")
    for index, flag in enumerate(positives):
        if flag not in known:
            raise InputError(
                f"{flag!r} is not a red-flag id", source=f"red_flags.positives[{index}]"
            )
    return RedFlagSummary(
        screened=True if screened is None else screened,
        tier=Tier[tier_name],
        positives=tuple(sorted(set(positives))),
        cleared=cleared,
    )


def _pain_profile(raw: object) -> PainProfile | None:
    if raw is None:
        return None
    try:
        return PainProfile.from_mapping(_table(raw, "pain_profile"))
    except InputError as error:
        if error.source == "pain_profile":
            raise
        raise InputError(error.message, source=f"pain_profile.{error.source}") from None


def _self_tests(raw: list[Any], sex: str | None) -> tuple[SelfTestEntry, ...]:
    seen: set[str] = set()
    entries: list[SelfTestEntry] = []
    for index, item in enumerate(raw):
        where = f"self_tests[{index}]"
        data = _table(item, where)
        _only(data, ("test", "values", "date"), where)
        test = data.get("test")
        if not isinstance(test, str):
            raise InputError("expected a self-test id", source=f"{where}.test")
        if test in seen:
            raise InputError(
                f"{test!r} appears twice; keep the latest result", source=f"{where}.test"
            )
        seen.add(test)
        values = _table(data.get("values"), f"{where}.values")
        try:
            checked = selftests.compare(test, values, sex=sex)
        except InputError as error:
            raise InputError(error.message, source=f"{where}.{error.source}") from None
        entries.append(SelfTestEntry(test=test, values=dict(checked.values)))
    return tuple(sorted(entries, key=lambda e: e.test))


def _comparison(raw: object, where: str) -> RunComparison:
    data = _table(raw, where)
    _only(
        data,
        ("condition", "yes_runs", "no_runs", "yes_median_min", "no_median_min", "p_value"),
        where,
    )
    condition = data.get("condition")
    if condition not in CONDITIONS:
        raise InputError(
            f"{condition!r} is not one of {', '.join(CONDITIONS)}", source=f"{where}.condition"
        )
    return RunComparison(
        condition=str(condition),
        yes_runs=_count(data, "yes_runs", where),
        no_runs=_count(data, "no_runs", where),
        yes_median_min=_number(data, "yes_median_min", where, low=0, high=1440),
        no_median_min=_number(data, "no_median_min", where, low=0, high=1440),
        p_value=_number(data, "p_value", where, low=0, high=1),
    )


def _spike(raw: object, where: str) -> LoadSpikeSummary:
    data = _table(raw, where)
    _only(data, ("date", "increase"), where)
    day = data.get("date")
    try:
        parsed = date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise InputError(f"{day!r} is not a date (YYYY-MM-DD)", source=f"{where}.date")
    increase = _number(data, "increase", where, low=0, high=1000)
    if increase is None:
        raise InputError("missing value", source=f"{where}.increase")
    return LoadSpikeSummary(day=parsed, increase=increase)


def _runs(raw: object) -> RunSummary | None:
    if raw is None:
        return None
    data = _table(raw, "runs")
    _only(
        data,
        (
            "n_runs",
            "n_diary_runs",
            "comparisons",
            "load_spikes",
            "cadence_spm",
            "speed_m_s",
            "shoe_effect",
        ),
        "runs",
    )
    comparisons = [
        _comparison(item, f"runs.comparisons[{i}]")
        for i, item in enumerate(_list(data, "comparisons", "runs"))
    ]
    conditions = [c.condition for c in comparisons]
    for index, condition in enumerate(conditions):
        if conditions.index(condition) != index:
            raise InputError(
                f"{condition!r} appears twice", source=f"runs.comparisons[{index}].condition"
            )
    spikes = [
        _spike(item, f"runs.load_spikes[{i}]")
        for i, item in enumerate(_list(data, "load_spikes", "runs"))
    ]
    return RunSummary(
        n_runs=_count(data, "n_runs", "runs"),
        n_diary_runs=_count(data, "n_diary_runs", "runs"),
        comparisons=tuple(sorted(comparisons, key=lambda c: c.condition)),
        spikes=tuple(sorted(spikes, key=lambda s: (s.day, s.increase))),
        cadence_spm=_number(data, "cadence_spm", "runs", low=60, high=260),
        speed_m_s=_number(data, "speed_m_s", "runs", low=0.5, high=12),
        shoe_effect=_flag(data, "shoe_effect", "runs"),
    )


def _gait(raw: object) -> GaitMetrics | None:
    if raw is None:
        return None
    data = _table(raw, "gait")
    _only(data, GAIT_FIELDS, "gait")
    return GaitMetrics(
        **{name: _number(data, name, "gait", low=-90, high=90) for name in GAIT_FIELDS}
    )


_EXPERIMENT_FIELDS: Final = (
    "name",
    "template_id",
    "contributors",
    "verdict",
    "difference",
    "p_value",
    "n_blocks",
    "ended",
    "stopped",
)


def _experiment(raw: object, where: str) -> ExperimentResult:
    data = _table(raw, where)
    _only(data, _EXPERIMENT_FIELDS, where)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise InputError("expected a name of 1-200 characters", source=f"{where}.name")
    template = data.get("template_id")
    if template is not None and not isinstance(template, str):
        raise InputError("expected a template id or null", source=f"{where}.template_id")
    contributors = _list(data, "contributors", where)
    if not all(isinstance(c, str) for c in contributors):
        raise InputError("expected a list of contributor ids", source=f"{where}.contributors")
    verdict = data.get("verdict")
    if verdict not in VERDICTS:
        raise InputError(
            f"{verdict!r} is not one of {', '.join(VERDICTS)}", source=f"{where}.verdict"
        )
    ended = data.get("ended")
    try:
        day = date.fromisoformat(ended) if isinstance(ended, str) else None
    except ValueError:
        day = None
    if day is None:
        raise InputError(f"{ended!r} is not a date (YYYY-MM-DD)", source=f"{where}.ended")
    return ExperimentResult(
        name=name,
        template_id=template,
        contributors=tuple(contributors),
        verdict=str(verdict),
        difference=_number(data, "difference", where, low=-1440, high=1440),
        p_value=_number(data, "p_value", where, low=0, high=1),
        n_blocks=_count(data, "n_blocks", where),
        ended=day,
        stopped=bool(_flag(data, "stopped", where)),
    )


def case_from_dict(data: object) -> Case:
    """Validate a parsed case document; bad fields raise :class:`InputError` naming the path."""
    document = _table(data, "case")
    _only(
        document,
        (
            "format",
            "label",
            "as_of",
            "sex",
            "red_flags",
            "pain_profile",
            "self_tests",
            "runs",
            "gait",
            "experiments",
            "notes",
        ),
        "",
    )
    if document.get("format") != FORMAT:
        raise InputError(f"expected {FORMAT!r}", source="format")
    as_of = _moment(document.get("as_of"), "as_of")
    sex = document.get("sex")
    if sex is not None and sex not in selftests.SEXES:
        raise InputError(
            f"{sex!r} is not one of {', '.join(selftests.SEXES)} or null", source="sex"
        )
    label = document.get("label", "")
    if not isinstance(label, str) or len(label) > 200:
        raise InputError("expected text of at most 200 characters", source="label")
    notes = _list(document, "notes", "")
    if not all(isinstance(note, str) for note in notes):
        raise InputError("expected a list of text", source="notes")
    return Case(
        as_of=as_of,
        red_flags=_red_flags(document.get("red_flags"), as_of),
        label=label,
        sex=sex,
        pain_profile=_pain_profile(document.get("pain_profile")),
        self_tests=_self_tests(_list(document, "self_tests", ""), sex),
        runs=_runs(document.get("runs")),
        gait=_gait(document.get("gait")),
        notes=tuple(notes),
        experiments=tuple(
            _experiment(item, f"experiments[{i}]")
            for i, item in enumerate(_list(document, "experiments", ""))
        ),
    )


def load_case(path: Path) -> Case:
    """Read and validate a case file; errors name the file and the field."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"larger than {MAX_BYTES // 1_000_000} MB", source=name)
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", source=name) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", source=name) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON: {error.msg} (line {error.lineno})", source=name
        ) from None
    try:
        return case_from_dict(data)
    except InputError as error:
        raise InputError(error.message, source=f"{name}: {error.source}") from None
