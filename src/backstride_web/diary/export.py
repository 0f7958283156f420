"""The pain diary part of a runner's data export: pain against each run and the morning
check-ins."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict

from backstride_web.accounts.export import export_section
from backstride_web.accounts.models import User
from backstride_web.diary.models import DailyCheckin, RunPain


@export_section("diary")
def export_diary(user: User) -> dict[str, Any]:
    return {
        "run_pain": [
            {"activity_id": p.activity_id, **model_to_dict(p, exclude=["id", "activity"])}
            for p in RunPain.objects.filter(activity__owner=user).order_by("activity__start_utc")
        ],
        "checkins": [
            model_to_dict(c, exclude=["id", "runner"])
            for c in DailyCheckin.objects.filter(runner=user).order_by("day")
        ],
    }
