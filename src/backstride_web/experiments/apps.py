from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "backstride_web.experiments"
    label = "experiments"
    verbose_name = "Experiments"
