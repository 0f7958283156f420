from django.urls import path

from backstride_web.gait import views

app_name = "gait"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("compare/", views.compare, name="compare"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/status/", views.session_status, name="status"),
    path("<int:session_id>/delete/", views.session_delete, name="delete"),
    path("<int:session_id>/video/", views.overlay_video, name="overlay"),
    path("<int:session_id>/original/", views.original_video, name="original"),
    path("<int:session_id>/steps.csv", views.steps_csv, name="steps_csv"),
    path("<int:session_id>/frames.csv", views.frames_csv, name="frames_csv"),
    path("<int:session_id>/summary.json", views.summary_json, name="summary_json"),
]
