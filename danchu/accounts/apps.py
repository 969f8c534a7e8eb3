from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "danchu.accounts"
    verbose_name = _("Accounts and access")

    def ready(self) -> None:
        from danchu.accounts import throttle  # noqa: F401 — connects the failed-login counter
