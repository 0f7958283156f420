"""The gait section of a runner's data export: every session, its settings, the core's
summary and metrics, and the names of its stored files (videos are not copied into the
JSON file; they can be downloaded from each session's page)."""

from __future__ import annotations

from typing import Any

from backstride_web.accounts.export import export_section
from backstride_web.accounts.models import User
from backstride_web.gait.models import GaitSession


@export_section("gait_sessions")
def export_gait_sessions(user: User) -> list[dict[str, Any]]:
    sessions = GaitSession.objects.filter(runner=user).prefetch_related("metrics")
    return [
        {
            "created_at": s.created_at.isoformat(),
            "view": s.view,
            "label": s.label,
            "original_name": s.original_name,
            "filmed_fps": s.filmed_fps,
            "start_s": s.start_s,
            "end_s": s.end_s,
            "crop": s.crop,
            "status": s.status,
            "error": s.error,
            "analysed_at": s.analysed_at.isoformat() if s.analysed_at else None,
            "fps": s.fps,
            "frames": s.frames,
            "steps": {"left": s.steps_left, "right": s.steps_right},
            "metrics": {
                m.name: {
                    "median": m.median,
                    "iqr": m.iqr,
                    "unit": m.unit,
                    "n": m.n,
                    "quality": m.quality,
                    "reason": m.reason,
                    "error_value": m.error_value,
                    "asymmetry_pct": m.asymmetry_pct,
                }
                for m in s.metrics.all()
            },
            "warnings": s.warnings,
            "summary": s.summary,
            "files": [f.name for f in s.files()],
        }
        for s in sessions.order_by("created_at", "pk")
    ]
