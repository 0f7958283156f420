"""Stick figures on the exercise page, the routines and the session page (inline SVG)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from backstride.plan import exercises
from backstride_web.accounts.models import User
from backstride_web.plans.models import RunnerPlan
from tests.web.plans.conftest import first_run_day


def _svgs(page: str) -> list[ET.Element]:
    found = []
    rest = page
    while "<svg" in rest:
        start = rest.index("<svg")
        end = rest.index("</svg>", start) + len("</svg>")
        found.append(ET.fromstring(rest[start:end]))  # noqa: S314 - our own page
        rest = rest[end:]
    return found


def test_the_exercise_page_shows_its_illustration_with_pose_captions(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    exercise = exercises.get("bird_dog")
    url = reverse("plans:exercise", kwargs={"exercise_id": exercise.id})
    page = client_for(runner).get(url).content.decode()
    (svg,) = _svgs(page)
    assert svg.get("role") == "img"
    assert '<figure class="exercise-illustration">' in page
    for pose in exercise.poses:
        assert escape(pose.label) in page
    assert "style=" not in page[page.index("<svg") : page.index("</svg>")]


def test_the_routines_page_shows_a_figure_for_every_item(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(runner).get(reverse("plans:routines")).content.decode()
    svgs = _svgs(page)
    assert len(svgs) == page.count('class="routine-item"') > 10
    assert all(s.get("role") == "img" for s in svgs)


def test_the_session_page_shows_figures_for_its_warm_up(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    day = first_run_day(plan)
    page = client_for(runner).get(reverse("plans:session", kwargs={"day": day.isoformat()}))
    svgs = _svgs(page.content.decode())
    assert svgs
    titles = [s.findtext("{http://www.w3.org/2000/svg}title") for s in svgs]
    assert "Walking lunges: stick-figure illustration" in titles
