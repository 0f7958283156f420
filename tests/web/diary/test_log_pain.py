from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary.models import RunPain


def _url(activity: Activity) -> str:
    return reverse("diary:log_pain", kwargs={"activity_id": activity.pk})


def test_three_taps_log_onset_and_peak(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(_url(run), {"onset_chip": "300", "peak": "7", "save": "1"})
    assert response.status_code == 302
    pain = RunPain.objects.get(activity=run)
    assert pain.onset_s == 300
    assert pain.peak == 7
    assert pain.had_pain


def test_no_pain_is_one_tap_and_censored(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    client_for(runner).post(_url(run), {"no_pain": "1"})
    pain = RunPain.objects.get(activity=run)
    assert pain.onset_s is None
    assert not pain.had_pain


@pytest.mark.parametrize(("text", "seconds"), [("5:30", 330), ("6", 360), ("6.5 min", 390)])
def test_an_exact_time_overrides_the_chip(
    runner: User, run: Activity, client_for: Callable[[User], Client], text: str, seconds: int
) -> None:
    client_for(runner).post(
        _url(run), {"onset_chip": "120", "onset_other": text, "peak": "4", "save": "1"}
    )
    assert RunPain.objects.get(activity=run).onset_s == seconds


def test_a_distance_is_mapped_to_time_through_the_stream(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    client_for(runner).post(_url(run), {"onset_other": "1.2 km", "peak": "6", "save": "1"})
    onset = RunPain.objects.get(activity=run).onset_s
    assert onset is not None
    # 1.2 km into a 9 km run at about 5:10 /km, after a short start
    assert 300 < onset < 480


def test_a_manual_run_maps_distance_at_even_pace(
    runner: User, manual_run: Activity, client_for: Callable[[User], Client]
) -> None:
    client_for(runner).post(_url(manual_run), {"onset_other": "1 km", "peak": "6", "save": "1"})
    assert RunPain.objects.get(activity=manual_run).onset_s == pytest.approx(360)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"onset_chip": "300"}, "peak", "required"),
        ({"peak": "5"}, "onset_chip", "When did the pain start"),
        ({"onset_other": "99:00", "peak": "5"}, "onset_other", "after the run ended"),
        ({"onset_other": "12 km", "peak": "5"}, "onset_other", "past the end of the run"),
        ({"onset_other": "soon", "peak": "5"}, "onset_other", "Write minutes"),
        ({"onset_chip": "300", "peak": "11"}, "peak", "Select a valid choice"),
        ({"onset_chip": "300", "peak": "-1"}, "peak", "Select a valid choice"),
        ({"onset_chip": "300", "peak": "3", "settle_min": "-5"}, "settle_min", "greater than"),
    ],
)
def test_bad_values_are_field_errors_and_nothing_is_saved(
    runner: User,
    run: Activity,
    client_for: Callable[[User], Client],
    data: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = client_for(runner).post(_url(run), {**data, "save": "1"})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not RunPain.objects.exists()


def test_another_runners_run_is_404(
    runner: User,
    run: Activity,
    stranger: User,
    clinician: User,
    client_for: Callable[[User], Client],
) -> None:
    for outsider in (stranger, clinician):
        client = client_for(outsider)
        assert client.get(_url(run)).status_code == 404
        assert client.post(_url(run), {"no_pain": "1"}).status_code == 404
    assert not RunPain.objects.exists()


def test_the_form_prefills_the_warm_up_from_the_file(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    form = client_for(runner).get(_url(run)).context["form"]
    assert form.initial["warmup_min"] == round((run.warmup_s or 0) / 60, 1)


def test_a_second_report_corrects_the_first(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    client.post(_url(run), {"onset_chip": "300", "peak": "7", "save": "1"})
    client.post(_url(run), {"no_pain": "1"})
    assert RunPain.objects.get().onset_s is None


def test_the_location_choices_are_the_cores() -> None:
    from backstride.pain import LOCATIONS
    from backstride_web.diary.models import Location

    assert tuple(Location.values) == LOCATIONS


def test_the_run_page_marks_the_onset_on_its_charts(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    client.post(_url(run), {"onset_chip": "300", "peak": "7", "save": "1"})
    body = client.get(reverse("activities:detail", kwargs={"activity_id": run.pk})).content.decode()
    assert 'class="marker"' in body
    assert "pain started at 5 minutes" in body
    assert "Pain started at <strong>5:00</strong>" in body


def test_a_first_leg_symptom_sends_the_runner_to_the_safety_check(
    runner: User, run: Activity, manual_run: Activity, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    response = client.post(
        _url(run), {"onset_chip": "300", "peak": "5", "location": "below_knee", "save": "1"}
    )
    assert response["Location"] == reverse("assessments:weekly_screen") + "?reason=symptoms"
    assert RunPain.objects.get(activity=run).location == "below_knee"
    again = client.post(
        _url(manual_run), {"onset_chip": "300", "peak": "5", "location": "thigh", "save": "1"}
    )
    assert again["Location"] == reverse("diary:timeline"), "only a new kind of symptom"


def test_back_pain_alone_does_not_trigger_the_safety_check(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(
        _url(run),
        {"onset_chip": "300", "peak": "5", "location": "low_back_central", "save": "1"},
    )
    assert response["Location"] == reverse("diary:timeline")
