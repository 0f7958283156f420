from django.urls import path

from backstride_web.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:job_id>/", views.job_detail, name="detail"),
    path("<uuid:job_id>/status/", views.job_status, name="status"),
    path("<uuid:job_id>/retry/", views.job_retry, name="retry"),
    path("<uuid:job_id>/download/", views.job_download, name="download"),
]
