from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "backstride_web.api"
    label = "api"
    verbose_name = "JSON API"
