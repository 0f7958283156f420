from django.urls import path

from backstride_web.diary import views

app_name = "diary"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("analysis/", views.analysis, name="analysis"),
    path("checkin/", views.checkin, name="checkin"),
    path("runs/new/", views.new_run, name="new_run"),
    path("runs/<int:activity_id>/pain/", views.log_pain, name="log_pain"),
]
