"""Stick-figure illustrations of the exercises, drawn as accessible SVG.

Each exercise in ``knowledge/exercises.toml`` describes one to three key poses under
``[[exercise.pose]]``. A pose gives the hip position in figure units (x forward to the
right, y up from the ground line, panel :data:`PANEL_W` x :data:`PANEL_H`) and the direction
of every body segment in degrees (0 = right, 90 = up, 180 = left, 270 = down):

* ``trunk`` (hip -> shoulders) and optionally ``head`` (shoulders -> head, default: trunk);
* ``arms = [near upper arm, near forearm, far upper arm, far forearm]``;
* ``legs = [near thigh, near shin, far thigh, far shin]``;
* optionally ``feet = [near, far]`` (ankle -> toe, default 0);
* optionally ``arm_scale`` / ``leg_scale`` (4 factors in the order above, default 1) for a limb
  that points towards or away from the viewer and so looks shorter;
* optionally ``spine`` (how far the back bows, in figure units: positive bulges to the left of
  the hip -> shoulder direction, e.g. up for a body on all fours facing right);
* optionally ``view = "side"`` (default) or ``"front"`` (for sideways movements);
* optionally ``props``: ``{ kind = "mat" | "wall" | "chair" | "step" | "roller", x = .. }``.

Segment lengths are fixed (:data:`LENGTHS`), so every figure keeps the same proportions and
the author only says which way each limb points. :func:`render_svg` draws the poses side by
side, numbered; from the second pose on, the previous pose shows faintly behind, so the limbs
that move stand out. The near side of the body is drawn dark, the far side light.

The SVG carries ``role="img"``, an ``aria-label``, a ``<title>`` (the exercise name) and a
``<desc>`` (each pose with its step), all escaped, and only ``class`` attributes for looks
(the web pages' CSP forbids inline styles). Plain Python: no Django, no drawing library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

from backstride.errors import ConfigurationError

__all__ = [
    "LENGTHS",
    "PANEL_H",
    "PANEL_W",
    "PROP_KINDS",
    "VIEWS",
    "Pose",
    "Prop",
    "joints",
    "parse_poses",
    "render_svg",
]

PANEL_W: Final = 120.0
PANEL_H: Final = 100.0
GROUND: Final = 6.0
"""Height of the ground line above the panel's bottom edge (SVG units)."""
HEAD_R: Final = 6.0
LENGTHS: Final[Mapping[str, float]] = {
    "trunk": 26.0,
    "neck": 2.0,
    "upper_arm": 15.0,
    "forearm": 14.0,
    "thigh": 22.0,
    "shin": 22.0,
    "foot": 7.0,
}
"""Segment lengths in figure units (a standing figure's hip is at y = 47)."""
PROP_KINDS: Final[tuple[str, ...]] = ("mat", "wall", "chair", "step", "roller")
VIEWS: Final[tuple[str, ...]] = ("side", "front")


@dataclass(frozen=True, slots=True)
class Prop:
    """Something the figure uses: a mat, a wall, a chair, a step or a foam roller at ``x``."""

    kind: str
    x: float


@dataclass(frozen=True, slots=True)
class Pose:
    """One key position of an exercise (see the module docstring for the angles)."""

    label: str
    step: int
    """1-based index of the exercise step this pose shows."""
    hip: tuple[float, float]
    trunk: float
    head: float
    arms: tuple[float, float, float, float]
    legs: tuple[float, float, float, float]
    feet: tuple[float, float]
    props: tuple[Prop, ...]
    arm_scale: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    leg_scale: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    spine: float = 0.0
    view: str = "side"


def _floats(value: object, n: int, where: str) -> tuple[float, ...]:
    if (
        not isinstance(value, list)
        or len(value) != n
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise ConfigurationError(f"exercises.toml {where}: expected {n} numbers")
    return tuple(float(v) for v in value)


def _number(table: Mapping[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = table.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ConfigurationError(f"exercises.toml {where}: {key!r} must be a number")
    return float(value)


def parse_poses(entries: object, where: str, steps: int) -> tuple[Pose, ...]:
    """The ``[[exercise.pose]]`` tables of one exercise; ``steps`` is its number of steps."""
    if not isinstance(entries, list) or not entries:
        raise ConfigurationError(f"exercises.toml {where}: no [[exercise.pose]] illustration")
    poses: list[Pose] = []
    for i, entry in enumerate(entries):
        at = f"{where}.pose[{i}]"
        if not isinstance(entry, dict):
            raise ConfigurationError(f"exercises.toml {at}: must be a table")
        label = entry.get("label")
        step = entry.get("step")
        if not isinstance(label, str) or not label.strip():
            raise ConfigurationError(f"exercises.toml {at}: no label")
        if not isinstance(step, int) or not 1 <= step <= steps:
            raise ConfigurationError(f"exercises.toml {at}: step must be 1..{steps}")
        trunk = _number(entry, "trunk", at)
        props: list[Prop] = []
        for raw in entry.get("props", []):
            if not isinstance(raw, dict) or raw.get("kind") not in PROP_KINDS:
                raise ConfigurationError(f"exercises.toml {at}: props need a kind {PROP_KINDS}")
            props.append(Prop(str(raw["kind"]), _number(raw, "x", at, 0.0)))
        hip = _floats(entry.get("hip"), 2, f"{at}.hip")
        arms = _floats(entry.get("arms"), 4, f"{at}.arms")
        legs = _floats(entry.get("legs"), 4, f"{at}.legs")
        feet = _floats(entry.get("feet", [0, 0]), 2, f"{at}.feet")
        arm_scale = _floats(entry.get("arm_scale", [1, 1, 1, 1]), 4, f"{at}.arm_scale")
        leg_scale = _floats(entry.get("leg_scale", [1, 1, 1, 1]), 4, f"{at}.leg_scale")
        view = entry.get("view", "side")
        if view not in VIEWS:
            raise ConfigurationError(f"exercises.toml {at}: view must be one of {VIEWS}")
        poses.append(
            Pose(
                label=label,
                step=step,
                hip=(hip[0], hip[1]),
                trunk=trunk,
                head=_number(entry, "head", at, trunk),
                arms=(arms[0], arms[1], arms[2], arms[3]),
                legs=(legs[0], legs[1], legs[2], legs[3]),
                feet=(feet[0], feet[1]),
                props=tuple(props),
                arm_scale=(arm_scale[0], arm_scale[1], arm_scale[2], arm_scale[3]),
                leg_scale=(leg_scale[0], leg_scale[1], leg_scale[2], leg_scale[3]),
                spine=_number(entry, "spine", at, 0.0),
                view=str(view),
            )
        )
    return tuple(poses)


def _go(start: tuple[float, float], angle: float, length: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return (start[0] + length * math.cos(rad), start[1] + length * math.sin(rad))


def joints(pose: Pose) -> dict[str, tuple[float, float]]:
    """Every joint of ``pose`` in figure units (y up from the ground line)."""
    at: dict[str, tuple[float, float]] = {"hip": pose.hip}
    at["shoulder"] = _go(pose.hip, pose.trunk, LENGTHS["trunk"])
    at["head"] = _go(at["shoulder"], pose.head, LENGTHS["neck"] + HEAD_R)
    for side, offset in (("near", 0), ("far", 2)):
        arm, leg = pose.arm_scale, pose.leg_scale
        at[f"{side}_elbow"] = _go(
            at["shoulder"], pose.arms[offset], LENGTHS["upper_arm"] * arm[offset]
        )
        at[f"{side}_wrist"] = _go(
            at[f"{side}_elbow"], pose.arms[offset + 1], LENGTHS["forearm"] * arm[offset + 1]
        )
        at[f"{side}_knee"] = _go(pose.hip, pose.legs[offset], LENGTHS["thigh"] * leg[offset])
        at[f"{side}_ankle"] = _go(
            at[f"{side}_knee"], pose.legs[offset + 1], LENGTHS["shin"] * leg[offset + 1]
        )
        at[f"{side}_toe"] = _go(at[f"{side}_ankle"], pose.feet[offset // 2], LENGTHS["foot"])
    return at


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _pt(dx: float, p: tuple[float, float]) -> str:
    """A figure point as SVG coordinates in the panel starting at ``dx``."""
    return f"{_fmt(dx + p[0])},{_fmt(PANEL_H - GROUND - p[1])}"


def _figure(pose: Pose, dx: float, cls: str) -> list[str]:
    at = joints(pose)
    out = [f'<g class="{cls}">']
    for side in ("far", "near"):
        arm = " ".join(_pt(dx, at[k]) for k in ("shoulder", f"{side}_elbow", f"{side}_wrist"))
        leg = " ".join(
            _pt(dx, at[k]) for k in ("hip", f"{side}_knee", f"{side}_ankle", f"{side}_toe")
        )
        out.append(f'<polyline class="fig-{side}" points="{leg}"/>')
        out.append(f'<polyline class="fig-{side}" points="{arm}"/>')
        if side == "far":
            mid = _go(
                ((at["hip"][0] + at["shoulder"][0]) / 2, (at["hip"][1] + at["shoulder"][1]) / 2),
                pose.trunk + 90,
                2 * pose.spine,  # a quadratic curve reaches half its control point's offset
            )
            out.append(
                f'<path class="fig-trunk" d="M{_pt(dx, at["hip"])} Q{_pt(dx, mid)} '
                f'{_pt(dx, at["shoulder"])}"/>'
            )
    hx, hy = _pt(dx, at["head"]).split(",")
    out.append(f'<circle class="fig-head" cx="{hx}" cy="{hy}" r="{_fmt(HEAD_R)}"/>')
    out.append("</g>")
    return out


def _prop(prop: Prop, dx: float) -> str:
    x = dx + prop.x
    base = PANEL_H - GROUND
    if prop.kind == "mat":
        return f'<rect class="fig-prop" x="{_fmt(x)}" y="{_fmt(base - 2)}" width="70" height="2"/>'
    if prop.kind == "wall":
        return f'<rect class="fig-prop" x="{_fmt(x)}" y="6" width="3" height="{_fmt(base - 6)}"/>'
    if prop.kind == "step":
        return f'<rect class="fig-prop" x="{_fmt(x)}" y="{_fmt(base - 6)}" width="26" height="6"/>'
    if prop.kind == "roller":
        return f'<circle class="fig-prop" cx="{_fmt(x)}" cy="{_fmt(base - 5)}" r="5"/>'
    seat = base - 22  # chair: seat 22 units up, a back and two legs
    return (
        f'<polyline class="fig-prop" points="{_fmt(x - 14)},{_fmt(base)} {_fmt(x - 14)},'
        f'{_fmt(seat)} {_fmt(x + 6)},{_fmt(seat)} {_fmt(x + 6)},{_fmt(base)}"/>'
        f'<polyline class="fig-prop" points="{_fmt(x - 14)},{_fmt(seat)} '
        f'{_fmt(x - 16)},{_fmt(seat - 26)}"/>'
    )


def render_svg(name: str, steps: Sequence[str], poses: Sequence[Pose]) -> str:
    """The exercise ``name`` as an inline SVG: one numbered panel per pose.

    ``steps`` are the exercise's steps; each pose's ``<desc>`` line quotes its step. All
    text is escaped, so names and steps from anywhere are safe to embed.
    """
    if not poses:
        raise ConfigurationError(f"no poses to draw for {name!r}")
    width = PANEL_W * len(poses)
    desc = " ".join(
        f"Pose {i}, {p.label}{' (seen from the front)' if p.view == 'front' else ''}: "
        f"{steps[p.step - 1] if p.step <= len(steps) else ''}"
        for i, p in enumerate(poses, start=1)
    )
    title = f"{name}: stick-figure illustration"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="exercise-figure" role="img" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(PANEL_H)}" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
    ]
    for i, pose in enumerate(poses):
        dx = PANEL_W * i
        ground = PANEL_H - GROUND
        parts.append(
            f'<line class="fig-ground" x1="{_fmt(dx + 4)}" y1="{_fmt(ground)}" '
            f'x2="{_fmt(dx + PANEL_W - 4)}" y2="{_fmt(ground)}"/>'
        )
        parts.extend(_prop(prop, dx) for prop in pose.props)
        if i and poses[i - 1].view == pose.view:
            parts.extend(_figure(poses[i - 1], dx, "fig-ghost"))
        parts.extend(_figure(pose, dx, "fig-body"))
        parts.append(f'<text class="fig-label" x="{_fmt(dx + 6)}" y="14">{i + 1}</text>')
    parts.append("</svg>")
    return "".join(parts)
