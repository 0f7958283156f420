from django.apps import AppConfig


class ReportConfig(AppConfig):
    name = "backstride_web.report"
    label = "report"
    verbose_name = "Report"
