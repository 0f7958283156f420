from django.urls import path

from backstride_web.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
