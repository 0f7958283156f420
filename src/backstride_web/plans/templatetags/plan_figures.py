"""``{{ exercise|figure }}``: an exercise's stick-figure illustration as inline SVG.

The core (:mod:`backstride.plan.figures`) escapes every piece of text it writes and draws
with classes only (the pages' CSP allows no inline styles), so its output is marked safe.
"""

from __future__ import annotations

import functools

from django import template
from django.utils.safestring import SafeString, mark_safe

from backstride.plan import exercises

register = template.Library()


@functools.cache
def _svg(exercise_id: str) -> str:
    return exercises.get(exercise_id).svg()


@register.filter
def figure(exercise: exercises.Exercise) -> SafeString:
    """The illustration of ``exercise`` (cached per exercise: the library is fixed data)."""
    return mark_safe(_svg(exercise.id))  # noqa: S308 - built and escaped by the core renderer
