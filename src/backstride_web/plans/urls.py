from django.urls import path, re_path

from backstride_web.plans import views

app_name = "plans"

DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("goal/", views.goal, name="goal"),
    path("review/", views.review, name="review"),
    re_path(rf"^sessions/{DAY}/$", views.session, name="session"),
    re_path(rf"^sessions/{DAY}/mark/$", views.mark_session, name="mark"),
    path("routines/", views.routine_list, name="routines"),
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/<slug:exercise_id>/", views.exercise_detail, name="exercise"),
    path("backstride-plan.ics", views.download_ics, name="ics"),
    path("workouts.zip", views.download_fit_zip, name="fit_zip"),
    re_path(rf"^workouts/{DAY}\.fit$", views.download_fit, name="fit"),
    path("runners/<int:runner_id>/", views.runner_overview, name="runner_overview"),
]
