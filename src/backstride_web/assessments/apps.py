from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "backstride_web.assessments"
    label = "assessments"
    verbose_name = "Safety screen, questionnaires and self-tests"

    def ready(self) -> None:
        import backstride_web.assessments.report  # noqa: F401 - report sections
        from backstride_web.assessments import export  # noqa: F401 - registers the export section
