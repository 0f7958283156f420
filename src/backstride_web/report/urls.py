from django.urls import path

from backstride_web.report import views

app_name = "report"

urlpatterns = [
    path("", views.home, name="home"),
    path("pdf/", views.pdf, name="pdf"),
]
