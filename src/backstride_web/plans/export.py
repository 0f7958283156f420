"""The plan part of a runner's data export: the stored plan, every weekly review and every
session marked done or skipped."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict

from backstride_web.accounts.export import export_section
from backstride_web.accounts.models import User
from backstride_web.plans.models import PlanAdjustment, RunnerPlan, SessionMark


@export_section("plan")
def export_plan(user: User) -> dict[str, Any] | None:
    plan = RunnerPlan.objects.filter(runner=user).first()
    if plan is None:
        return None
    return {
        **model_to_dict(plan, exclude=["id", "runner"]),
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
        "reviews": [
            model_to_dict(a, exclude=["id", "plan"]) | {"decided_at": a.decided_at}
            for a in PlanAdjustment.objects.filter(plan=plan).order_by("decided_at")
        ],
        "marks": [
            model_to_dict(m, exclude=["id", "plan"]) | {"marked_at": m.marked_at}
            for m in SessionMark.objects.filter(plan=plan).order_by("day")
        ],
    }
