from django.urls import path

from backstride_web.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("import/", views.upload, name="upload"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
]
