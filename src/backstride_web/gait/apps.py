from django.apps import AppConfig


class GaitConfig(AppConfig):
    name = "backstride_web.gait"
    label = "gait"
    verbose_name = "Gait"
