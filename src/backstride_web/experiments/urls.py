from django.urls import path

from backstride_web.experiments import views

app_name = "experiments"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("new/hint/", views.hint, name="hint"),
    path("<int:experiment_id>/", views.detail, name="detail"),
    path("<int:experiment_id>/live/", views.live, name="live"),
    path("<int:experiment_id>/results/", views.results, name="results"),
    path("<int:experiment_id>/stop/", views.stop, name="stop"),
    path("<int:experiment_id>/answer/", views.answer, name="answer"),
]
