from django.urls import path

from backstride_web.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.home, name="home"),
    path("screen/", views.screen, name="screen"),
    path("screen/weekly/", views.weekly_screen, name="weekly_screen"),
    path("screens/<int:screen_id>/", views.screen_detail, name="screen_detail"),
    path("screens/<int:screen_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("clearance/", views.clearance, name="clearance"),
    path("safety-net/", views.safety_net, name="safety_net"),
    path("pain-profile/", views.pain_profile, name="pain_profile"),
    path("questionnaires/", views.instrument_list, name="instruments"),
    path("questionnaires/<slug:name>/", views.instrument_entry, name="instrument"),
    path("answers/<int:response_id>/", views.response_detail, name="response_detail"),
    path("self-tests/", views.self_test_list, name="self_tests"),
    path("self-tests/<slug:test_id>/", views.self_test, name="self_test"),
    path("self-test-results/<int:result_id>/", views.self_test_result, name="self_test_result"),
    path("runners/<int:runner_id>/", views.runner_results, name="runner_results"),
    path(
        "runners/<int:runner_id>/self-tests/<slug:test_id>/",
        views.runner_self_test,
        name="runner_self_test",
    ),
    path(
        "runners/<int:runner_id>/questionnaires/<slug:name>/",
        views.instrument_entry,
        name="runner_instrument",
    ),
]
