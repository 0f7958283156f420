"""Records the experiments URLs point to, for tests/web/test_access_control.py."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from backstride.experiments.templates import design_from_template
from backstride_web.accounts.models import User
from backstride_web.experiments.services import create_experiment


def owned_ids(runner: User) -> dict[str, Any]:
    today = timezone.localtime(timezone.now()).date()
    experiment = create_experiment(
        runner, design_from_template("warm_up"), today + datetime.timedelta(days=1), 5
    )
    return {"experiment_id": experiment.pk}
