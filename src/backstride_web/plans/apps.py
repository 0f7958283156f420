from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "backstride_web.plans"
    label = "plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        from backstride_web.plans import export, report  # noqa: F401 - export and report sections
