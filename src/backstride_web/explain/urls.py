from django.urls import path

from backstride_web.explain import views

app_name = "explain"

urlpatterns = [
    path("", views.home, name="home"),
    path("case.json", views.case_json, name="case"),
]
