from django.apps import AppConfig


class ExplainConfig(AppConfig):
    name = "backstride_web.explain"
    label = "explain"
    verbose_name = "Explain"
