from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "backstride_web.experiments"
    label = "experiments"
    verbose_name = "Experiments"

    def ready(self) -> None:
        # register the report section and the export section
        from backstride_web.experiments import export, report  # noqa: F401
