from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "backstride_web.activities"
    label = "activities"
    verbose_name = "Activities"

    def ready(self) -> None:
        import backstride_web.activities.report  # noqa: F401 - report sections
        from backstride_web.activities import export, jobs  # noqa: F401 - export, import job
