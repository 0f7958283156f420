"""Plans (capability M7): exercise library, routines, run/walk plan, weekly adaptation, exports.

Plain functions with ``today=``; red-flag gate via :class:`~backstride.assess.redflags.Allowed`.
Modules: :mod:`.exercises` (library), :mod:`.routines`, :mod:`.runwalk` (plan to a race),
:mod:`.adapt` (pain rule over last week), :mod:`.export_ics`, :mod:`.export_fit`; the rule
numbers and sources live in :mod:`.rules`. See docs/plan.md.
"""
