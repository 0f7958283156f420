from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backstride_web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from backstride_web.accounts import export  # noqa: F401 - registers the export job
