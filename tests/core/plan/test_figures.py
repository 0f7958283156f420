"""The stick-figure illustrations: one for every exercise, valid SVG, accessible, in bounds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from backstride.errors import ConfigurationError
from backstride.plan import exercises as ex
from backstride.plan import figures

SVG = "{http://www.w3.org/2000/svg}"
ALL = ex.library()


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.id)
def test_every_exercise_has_a_source_a_dose_and_an_illustration(exercise: ex.Exercise) -> None:
    assert exercise.source
    assert all(s.strip() for s in exercise.source)
    assert exercise.dose.sets >= 1
    assert exercise.dose.reps or exercise.dose.hold_s or exercise.dose.duration_s
    assert exercise.dose.frequency
    assert 1 <= len(exercise.poses) <= 3
    assert all(1 <= p.step <= len(exercise.steps) for p in exercise.poses)


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.id)
def test_every_illustration_is_valid_accessible_svg(exercise: ex.Exercise) -> None:
    root = _parse(exercise.svg())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"{exercise.name}: stick-figure illustration"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == f"{exercise.name}: stick-figure illustration"
    assert desc is not None
    assert desc.text
    for pose in exercise.poses:
        assert exercise.steps[pose.step - 1] in desc.text
    assert list(root)[:2] == [title, desc]
    figures_drawn = root.findall(f"{SVG}g[@class='fig-body']")
    assert len(figures_drawn) == len(exercise.poses)
    assert all(el.get("style") is None for el in root.iter())  # the pages' CSP forbids it


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.id)
def test_every_pose_stays_inside_its_panel(exercise: ex.Exercise) -> None:
    for pose in exercise.poses:
        for name, (x, y) in figures.joints(pose).items():
            r = figures.HEAD_R if name == "head" else 0.0
            assert x - r >= 0, (pose.label, name, x)
            assert x + r <= figures.PANEL_W, (pose.label, name, x)
            assert y - r >= -2, (pose.label, name, y)
            assert y + r <= figures.PANEL_H - figures.GROUND, (pose.label, name, y)


def test_a_later_pose_shows_the_previous_one_faintly_behind() -> None:
    root = _parse(ex.get("glute_bridge").svg())
    assert len(root.findall(f"{SVG}g[@class='fig-ghost']")) == 1


def _stand(**changes: object) -> figures.Pose:
    base: dict[str, object] = {
        "label": "standing",
        "step": 1,
        "hip": (55.0, 47.0),
        "trunk": 90.0,
        "head": 90.0,
        "arms": (270.0, 270.0, 270.0, 270.0),
        "legs": (270.0, 270.0, 270.0, 270.0),
        "feet": (0.0, 0.0),
        "props": (),
    }
    return figures.Pose(**(base | changes))  # type: ignore[arg-type]


def test_joints_follow_the_segment_directions() -> None:
    at = figures.joints(_stand(legs=(0.0, 270.0, 270.0, 270.0)))
    assert at["shoulder"] == pytest.approx((55, 47 + figures.LENGTHS["trunk"]))
    assert at["near_knee"] == pytest.approx((55 + figures.LENGTHS["thigh"], 47))
    assert at["near_ankle"] == pytest.approx((77, 47 - figures.LENGTHS["shin"]))
    assert at["far_ankle"] == pytest.approx((55, 3))


def test_text_is_escaped() -> None:
    svg = figures.render_svg('<b>"Bad" & bold</b>', ["<script>alert(1)</script>"], [_stand()])
    root = _parse(svg)
    assert "<script>" not in svg
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text is not None
    assert title.text.startswith('<b>"Bad"')
    assert desc is not None
    assert desc.text is not None
    assert "<script>alert(1)</script>" in desc.text


def test_front_views_get_no_ghost_from_a_side_view_and_say_so() -> None:
    root = _parse(figures.render_svg("x", ["one"], [_stand(), _stand(view="front")]))
    assert root.findall(f"{SVG}g[@class='fig-ghost']") == []
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text is not None
    assert "seen from the front" in desc.text


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (None, "no \\[\\[exercise.pose\\]\\]"),
        ([], "no \\[\\[exercise.pose\\]\\]"),
        ([{"label": "a", "step": 9, "hip": [1, 2], "trunk": 90}], "step must be"),
        (
            [{"label": "a", "step": 1, "hip": [1], "trunk": 90, "arms": [0] * 4, "legs": [0] * 4}],
            "hip: expected 2 numbers",
        ),
        (
            [
                {
                    "label": "a",
                    "step": 1,
                    "hip": [1, 2],
                    "trunk": 90,
                    "arms": [0] * 4,
                    "legs": [0] * 4,
                    "props": [{"kind": "trampoline"}],
                }
            ],
            "props need a kind",
        ),
    ],
)
def test_bad_pose_data_is_a_configuration_error(entries: object, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        figures.parse_poses(entries, "demo", steps=2)


def test_no_poses_cannot_be_drawn() -> None:
    with pytest.raises(ConfigurationError):
        figures.render_svg("x", ["one"], [])
