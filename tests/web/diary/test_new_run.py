from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity

URL = reverse("diary:new_run")


def test_a_run_without_a_file_can_be_entered(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(
        URL, {"started": "2026-11-20T07:30", "duration": "1:05", "distance_km": "10.5"}
    )
    activity = Activity.objects.get()
    assert response["Location"] == reverse("diary:log_pain", kwargs={"activity_id": activity.pk})
    assert activity.elapsed_s == 3900
    assert activity.distance_m == 10500
    assert activity.source_format == "manual"
    page = client_for(runner).get(reverse("activities:detail", kwargs={"activity_id": activity.pk}))
    assert page.status_code == 200


def test_bad_entries_are_field_errors(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).post(
        URL, {"started": "2999-01-01T07:00", "duration": "an hour", "distance_km": "-2"}
    )
    errors = response.context["form"].errors
    assert "future" in errors["started"][0]
    assert "Write minutes" in errors["duration"][0]
    assert "distance_km" in errors
    assert not Activity.objects.exists()
