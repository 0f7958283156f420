"""The experiments section of a runner's data export: each experiment's design, seed,
allocation and schedule (enough to re-derive it), status, stop reason, the stored result and
the runner's adherence answers."""

from __future__ import annotations

from typing import Any

from backstride_web.accounts.export import export_section
from backstride_web.accounts.models import User
from backstride_web.experiments.models import Experiment


@export_section("experiments")
def export_experiments(user: User) -> list[dict[str, Any]]:
    rows = Experiment.objects.filter(runner=user).prefetch_related("answers")
    return [
        {
            "name": e.name,
            "template_id": e.template_id or None,
            "design": e.design,
            "seed": e.seed,
            "allocation": e.allocation,
            "run_days": e.run_days,
            "schedule": e.schedule,
            "start": e.start.isoformat(),
            "end": e.end.isoformat(),
            "status": e.status,
            "stop_reason": e.stop_reason,
            "stopped_at": e.stopped_at.isoformat() if e.stopped_at else None,
            "finished_at": e.finished_at.isoformat() if e.finished_at else None,
            "verdict": e.verdict or None,
            "result": e.result,
            "created_at": e.created_at.isoformat(),
            "adherence_answers": [
                {
                    "activity_id": a.activity_id,
                    "followed": a.followed,
                    "answered_at": a.answered_at.isoformat(),
                }
                for a in e.answers.all()
            ],
        }
        for e in rows.order_by("start", "pk")
    ]
