"""The runs list: rows formatted in Python read exactly as the template filters wrote them,
pagination edges, filters kept across pages, and nothing stale after a write."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import RunnerProfile, Units, User
from backstride_web.activities.forms import FilterForm
from backstride_web.activities.listing import filter_form_html, rows_html, run_rows
from backstride_web.activities.models import Activity
from tests.factories import make_runner

LIST = reverse("activities:list")

# The row markup as list.html wrote it with template filters before the rows moved to Python.
FILTER_ROW = Template(
    "{% load runfmt %}{% for run in runs %}<tr>"
    "<td><a href=\"{% url 'activities:detail' activity_id=run.pk %}\">"
    '{{ run.start_utc|date:"D j M Y, H:i" }}</a></td>'
    "<td>{{ run.sport|sport_label }}{% if run.sub_sport %} <small>({{ run.sub_sport }})</small>"
    "{% endif %}</td><td>{{ run.distance_m|distance:units }}</td>"
    "<td>{{ run.elapsed_s|duration }}</td>"
    "<td>{% if run.on_foot %}{{ run.pace_s_per_km|pace:units }}"
    "{% else %}{{ run.mean_speed_mps|speed:units }}{% endif %}</td>"
    "<td>{% if run.avg_hr_bpm %}{{ run.avg_hr_bpm|floatformat:0 }}{% else %}–{% endif %}</td>"
    "<td>{{ run.warmup_s|duration }}</td><td>{{ run.longest_continuous_s|duration }}</td>"
    "</tr>{% if not forloop.last %}\n{% endif %}{% endfor %}"
)


def _run(owner: User, i: int, **fields: object) -> Activity:
    values: dict[str, object] = {
        "sport": "running",
        "start_utc": datetime(2025, 1, 1, 7, tzinfo=UTC) + timedelta(days=i),
        "elapsed_s": 1800 + i,
        "distance_m": 5000 + i,
        "source_name": f"{i}.fit",
        "source_format": "fit",
        "source_sha256": hashlib.sha256(f"{owner.pk}-{i}".encode()).hexdigest(),
    }
    values.update(fields)
    return Activity.objects.create(owner=owner, **values)


def _varied(owner: User) -> list[Activity]:
    return [
        _run(owner, 0),
        _run(
            owner,
            1,
            sport="trail_running",
            sub_sport="<b>mud</b> & hills",
            moving_s=3500.4,
            avg_hr_bpm=150.5,
            warmup_s=95.5,
            longest_continuous_s=3725,
            start_utc=datetime(2025, 6, 30, 23, 30, tzinfo=UTC),  # 1 July 00:30 in London
        ),
        _run(owner, 2, sport="cycling", distance_m=30_000, avg_hr_bpm=121.49, elapsed_s=4000),
        _run(owner, 3, sport="walking", distance_m=None, moving_s=None, avg_hr_bpm=0),
        _run(owner, 4, sport="swimming", distance_m=0, elapsed_s=0.4),
    ]


@pytest.mark.parametrize("units", [Units.KM, Units.MI])
@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "America/Los_Angeles"])
def test_rows_read_as_the_template_filters_wrote_them(runner: User, units: str, zone: str) -> None:
    runs = _varied(runner)
    with timezone.override(zone):
        expected = FILTER_ROW.render(Context({"runs": runs, "units": units}))
        assert rows_html(run_rows(runs, units=units)) == expected
    assert "&lt;b&gt;mud&lt;/b&gt; &amp; hills" in expected


def test_the_page_shows_the_rows_in_the_runners_units(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    RunnerProfile.objects.update_or_create(user=runner, defaults={"units": Units.MI})
    run = _run(runner, 0, distance_m=1609.344)
    body = client_for(runner).get(LIST).content.decode()
    assert "1.00 mi" in body
    assert f'href="{reverse("activities:detail", kwargs={"activity_id": run.pk})}"' in body
    assert "Wed 1 Jan 2025, 07:00" in body


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"sport": "cycling", "sort": "-distance"},
        {"since": "2025-02-01", "until": "2025-01-01"},
        {"since": "yesterday", "sort": "price", "page": "3"},
        {"sport": "<script>"},
    ],
)
def test_the_filter_form_html_is_the_forms_own(data: dict[str, str] | None) -> None:
    sports = ["cycling", "running", "trail_running"]
    form = FilterForm(data, sports=sports)
    form.is_valid()
    assert filter_form_html(form) == str(FilterForm(data, sports=sports))
    assert filter_form_html(form) == filter_form_html(FilterForm(data, sports=sports))


def test_one_runners_sports_never_show_in_anothers_filters(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    other = make_runner("other@example.org")
    _run(other, 0, sport="kayaking")
    _run(runner, 0, sport="cycling")
    client_for(other).get(LIST)
    body = client_for(runner).get(LIST).content.decode()
    assert "kayaking" not in body
    assert '<option value="cycling"' in body


def _bulk(owner: User, count: int) -> None:
    Activity.objects.bulk_create(
        Activity(
            owner=owner,
            sport="running",
            start_utc=datetime(2025, 1, 1, 7, tzinfo=UTC) + timedelta(days=i),
            elapsed_s=1800,
            distance_m=5000 + i,
            source_name=f"{i}.fit",
            source_format="fit",
            source_sha256=hashlib.sha256(f"bulk{i}".encode()).hexdigest(),
        )
        for i in range(count)
    )


def _rows(body: str) -> int:
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return tbody.count("<tr>")


@pytest.mark.parametrize(
    ("count", "page", "number", "rows", "pages"),
    [
        (50, None, 1, 50, 1),
        (51, None, 1, 50, 2),
        (51, "2", 2, 1, 2),
        (100, "2", 2, 50, 2),
        (101, "9", 3, 1, 3),  # past the end: the last page
        (101, "x", 1, 50, 3),  # not a number: the first page
        (101, "0", 3, 1, 3),
    ],
)
def test_pagination_edges(
    runner: User,
    client_for: Callable[[User], Client],
    count: int,
    page: str | None,
    number: int,
    rows: int,
    pages: int,
) -> None:
    _bulk(runner, count)
    response = client_for(runner).get(LIST, {"page": page} if page else {})
    body = response.content.decode()
    assert response.context["page"].number == number
    assert _rows(body) == rows == len(response.context["rows"])
    assert f"Page {number} of {pages}" in body
    assert f"{count} activities" in body
    assert ("Older →" in body) == (number < pages)
    assert ("← Newer" in body) == (number > 1)


def test_the_pages_keep_the_filters_and_count_only_what_matches(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    _bulk(runner, 120)
    _run(runner, 500, sport="cycling")
    body = (
        client_for(runner)
        .get(LIST, {"sport": "running", "sort": "-distance", "page": "2"})
        .content.decode()
    )
    assert "120 activities" in body
    links = re.findall(r'href="\?([^"]+)"', body)
    assert links == [
        "sport=running&amp;sort=-distance&amp;page=1",
        "sport=running&amp;sort=-distance&amp;page=3",
    ]
    assert "cycling</td>" not in body


def test_a_new_run_shows_at_once(runner: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(runner)
    _bulk(runner, 3)
    assert "3 activities" in client.get(LIST).content.decode()
    _run(runner, 400, sport="cycling", start_utc=timezone.now())
    body = client.get(LIST).content.decode()
    assert "4 activities" in body
    assert _rows(body) == 4
    assert '<option value="cycling"' in body


def test_the_list_reads_only_its_columns(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    _run(runner, 0, laps=[{"big": "x" * 1000}])
    [shown] = client_for(runner).get(LIST).context["page"].object_list
    assert "laps" in shown.get_deferred_fields()
    assert "warnings" in shown.get_deferred_fields()
