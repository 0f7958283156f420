from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.activities.services import import_paths
from tests.web.activities.conftest import RUN_FIT

LIST = reverse("activities:list")


def _detail(activity: Activity) -> str:
    return reverse("activities:detail", kwargs={"activity_id": activity.pk})


def _bulk(owner: User, count: int, sport: str = "running") -> None:
    start = datetime(2025, 1, 1, 7, tzinfo=UTC)
    Activity.objects.bulk_create(
        Activity(
            owner=owner,
            sport=sport,
            start_utc=start + timedelta(days=i),
            elapsed_s=1800 + i,
            distance_m=5000 + i,
            source_name=f"{i}.fit",
            source_format="fit",
            source_sha256=hashlib.sha256(f"{sport}{i}".encode()).hexdigest(),
        )
        for i in range(count)
    )


def test_the_list_is_paginated_newest_first(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    _bulk(runner, 120)
    page = client_for(runner).get(LIST).context["page"]
    assert page.paginator.count == 120
    assert len(page.object_list) == 50
    dates = [a.start_utc for a in page.object_list]
    assert dates == sorted(dates, reverse=True)


def test_it_filters_by_sport_and_date_and_sorts(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    _bulk(runner, 10)
    _bulk(runner, 5, sport="cycling")
    client = client_for(runner)
    page = client.get(LIST, {"sport": "cycling"}).context["page"]
    assert {a.sport for a in page.object_list} == {"cycling"}
    page = client.get(LIST, {"since": "2025-01-03", "until": "2025-01-04"}).context["page"]
    assert page.paginator.count == 4
    longest = client.get(LIST, {"sort": "-distance"}).context["page"].object_list[0]
    assert longest.distance_m == 5009


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2025-02-01", "until": "2025-01-01"}, "until"),
        ({"sort": "price"}, "sort"),
        ({"since": "yesterday"}, "since"),
    ],
)
def test_bad_filters_are_field_errors(
    runner: User, client_for: Callable[[User], Client], params: dict[str, str], field: str
) -> None:
    response = client_for(runner).get(LIST, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_the_detail_page_shows_charts_and_derived_figures(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    [result] = import_paths(runner, [RUN_FIT])
    body = (
        client_for(runner)
        .get(reverse("activities:detail", kwargs={"activity_id": result.activity_id}))
        .content.decode()
    )
    assert body.count("<svg") >= 3
    assert "Pace (min/km)" in body
    assert "Heart rate (bpm)" in body
    assert "Warm-up" in body


def test_a_clinician_with_a_grant_sees_the_runs(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    [result] = import_paths(runner, [RUN_FIT])
    client = client_for(clinician)
    listing = client.get(LIST, {"runner": runner.pk})
    assert listing.context["page"].paginator.count == 1
    detail = client.get(reverse("activities:detail", kwargs={"activity_id": result.activity_id}))
    assert detail.status_code == 200


def test_strangers_get_404s(
    runner: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    [result] = import_paths(runner, [RUN_FIT])
    client = client_for(stranger)
    assert client.get(LIST, {"runner": runner.pk}).status_code == 404
    assert client.get(LIST, {"runner": "x"}).status_code == 404
    url = reverse("activities:detail", kwargs={"activity_id": result.activity_id})
    assert client.get(url).status_code == 404
    assert client.get(LIST).context["page"].paginator.count == 0


def test_a_clinician_without_a_runner_is_sent_home(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).get(LIST)
    assert response.status_code == 302


@pytest.mark.django_db
def test_anonymous_visitors_must_log_in() -> None:
    assert Client().get(LIST).status_code == 302


def test_the_list_stays_fast_with_many_activities(
    runner: User, client_for: Callable[[User], Client], django_assert_max_num_queries: Any
) -> None:
    _bulk(runner, 2000)
    client = client_for(runner)
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"page": "7"})
    assert len(response.context["page"].object_list) == 50
