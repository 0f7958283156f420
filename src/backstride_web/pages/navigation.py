"""The areas of backstride, in the order a runner meets them.

An area whose app has not landed yet has no ``url_name``; the menu shows it as "coming"
instead of linking to an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    purpose: str
    url_name: str | None = None


AREAS: tuple[Area, ...] = (
    Area("home", "Home", "Where you stand today", "pages:home"),
    Area("runs", "Runs", "Your imported watch history", "activities:list"),
    Area("diary", "Diary", "Pain logged against each run", "diary:timeline"),
    Area("assess", "Assess", "Safety screen, questionnaires, self-tests", "assessments:home"),
    Area("explain", "Explain", "What may contribute to your pain, with sources", "explain:home"),
    Area("plan", "Plan", "Exercises and a run/walk plan to your race", "plans:overview"),
    Area("experiments", "Experiments", "Fair tests of what works for you", "experiments:home"),
    Area("gait", "Gait", "Your running form from a phone video", "gait:list"),
    Area("report", "Report", "A report for your clinician", "report:home"),
)
