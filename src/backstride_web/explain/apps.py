from django.apps import AppConfig


class ExplainConfig(AppConfig):
    name = "backstride_web.explain"
    label = "explain"
    verbose_name = "Explain"

    def ready(self) -> None:
        from backstride_web.explain import report  # noqa: F401 - report sections
