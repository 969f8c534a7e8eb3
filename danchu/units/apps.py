from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "danchu.units"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from danchu.core.apps_sqlite import connect

        connect()
