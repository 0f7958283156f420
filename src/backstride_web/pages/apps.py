from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "backstride_web.pages"
    label = "pages"
    verbose_name = "Pages"
