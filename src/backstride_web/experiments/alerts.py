"""The clinician's "experiment finished" alert (shown on the clinician home page).

Active experiments that have started are refreshed first (:func:`services.refresh`: the
runs since the last look are matched, so a safety stop or a finish shows even if the runner
has not opened the page), then one indexed query finds the latest that ended recently.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.experiments.models import ACTIVE, DONE, Experiment, Status
from backstride_web.experiments.services import refresh

VERDICT_WORDS = {
    "a_better": "{a} came out better",
    "b_better": "{b} came out better",
    "no_important_difference": "no important difference",
    "not_enough_evidence": "not enough evidence",
}


ALERT_DAYS = 28
"""A finished experiment is worth a look at the next visit: shown for four weeks."""


def experiment_alert(
    runner: User, *, now: datetime.datetime, days: int = ALERT_DAYS
) -> tuple[str, str] | None:
    """``(level, text)`` for the latest experiment of ``runner`` that finished or stopped in
    the last ``days`` days, or None. A safety stop is ``see_clinician``; otherwise
    ``caution`` (worth a look)."""
    today = timezone.localtime(now).date()
    for started in Experiment.objects.filter(runner=runner, status__in=ACTIVE, start__lte=today):
        refresh(started, now)
    since = now - datetime.timedelta(days=days)
    latest = (
        Experiment.objects.filter(runner=runner, status__in=DONE)
        .exclude(finished_at__lt=since, stopped_at__isnull=True)
        .exclude(stopped_at__lt=since, finished_at__isnull=True)
        .order_by("-end", "-pk")
        .first()
    )
    if latest is None:
        return None
    words = VERDICT_WORDS.get(latest.verdict, "see the result").format(
        a=latest.label_a, b=latest.label_b
    )
    if latest.status == Status.STOPPED:
        safety = "you stopped it" not in latest.stop_reason
        level = "see_clinician" if safety else "caution"
        why = "safety stop" if safety else "stopped by the runner"
        return level, f"Experiment stopped ({why}): {latest.name}; {words} so far."
    return "caution", f"Experiment finished: {latest.name}; {words}."
