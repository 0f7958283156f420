from django.apps import AppConfig


class GaitConfig(AppConfig):
    name = "backstride_web.gait"
    label = "gait"
    verbose_name = "Gait"

    def ready(self) -> None:
        # register the gait_analysis job, the report section and the export section
        from backstride_web.gait import export, jobs, report  # noqa: F401
