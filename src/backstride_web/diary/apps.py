from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "backstride_web.diary"
    label = "diary"
    verbose_name = "Pain diary"

    def ready(self) -> None:
        from backstride_web.diary import export, report  # noqa: F401 - export and report sections
