from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "danchu.dataio"
    verbose_name = _("Imports and exports")

    def ready(self) -> None:
        from danchu.dataio.permissions import can_import
        from danchu.web import nav

        nav.register(_("Imports"), "dataio:index", can_import, order=80)
