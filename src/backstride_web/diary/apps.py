from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "backstride_web.diary"
    label = "diary"
    verbose_name = "Pain diary"
