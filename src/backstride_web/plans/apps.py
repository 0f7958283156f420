from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "backstride_web.plans"
    label = "plans"
    verbose_name = "Plans"
