from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "backstride_web.activities"
    label = "activities"
    verbose_name = "Activities"

    def ready(self) -> None:
        from backstride_web.activities import jobs  # noqa: F401 - registers the import job
