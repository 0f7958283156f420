from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "backstride_web.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
