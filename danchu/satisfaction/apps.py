from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    """Residents rate the commune government and the official who handled their matter (LD10)."""

    name = "danchu.satisfaction"
    label = "satisfaction"
    verbose_name = _("Residents' satisfaction")

    def ready(self) -> None:
        from danchu.satisfaction.home import home_items
        from danchu.web.home import register

        register(home_items)

        from danchu.satisfaction.permissions import file_checker, sees_menu
        from danchu.web import files, nav

        nav.register(_("Residents' satisfaction"), "satisfaction:index", sees_menu, order=47)
        files.register("satisfaction/", file_checker)
