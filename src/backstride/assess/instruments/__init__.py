"""One registry of questionnaires: name -> :class:`Instrument` (version, items, scorer).

============  =======================================  =======  ============================
name          instrument                               range    category
============  =======================================  =======  ============================
startback     Keele STarT Back, 9-item (2007)          0-9      low / medium / high risk
rmdq          Roland-Morris, 24-item (1983)            0-24     near_floor / measurable
odi           Oswestry Disability Index v2.1a          0-100 %  minimal ... bed_bound
run_outcome   backstride-run-1                         0-600    progress / hold / step_back
============  =======================================  =======  ============================

Each module's docstring states its version, scoring and cut-offs. Adding an instrument: a
module with ``score(answers) -> Score`` and ``instrument() -> Instrument``, a knowledge file
``knowledge/instruments/<name>.toml``, and one line in ``_MODULES`` below.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from backstride.assess.instruments import odi, rmdq, run_outcome, startback
from backstride.assess.instruments._common import Instrument, Item, Score
from backstride.errors import InputError

__all__ = ["Instrument", "Item", "Score", "get", "instruments", "names", "score"]

_MODULES: tuple[Callable[[], Instrument], ...] = (
    startback.instrument,
    rmdq.instrument,
    odi.instrument,
    run_outcome.instrument,
)


@functools.cache
def _registry() -> dict[str, Instrument]:
    built = [make() for make in _MODULES]
    return {entry.name: entry for entry in built}


def names() -> list[str]:
    """Registered instrument names, in registry order."""
    return list(_registry())


def instruments() -> list[Instrument]:
    """Every registered instrument."""
    return list(_registry().values())


def get(name: str) -> Instrument:
    """The instrument called ``name``; an unknown name raises :class:`InputError`."""
    try:
        return _registry()[name]
    except KeyError:
        raise InputError(
            f"unknown instrument {name!r}; known: {', '.join(names())}", source="instrument"
        ) from None


def score(name: str, answers: object) -> Score:
    """Score ``answers`` with the instrument ``name`` (see each module for accepted forms)."""
    return get(name).scorer(answers)
