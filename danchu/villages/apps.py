from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    """Village head elections (LD13) and village charters (LD14, QD5), on residents' decisions."""

    name = "danchu.villages"
    label = "villages"
    verbose_name = _("Village heads and charters")

    def ready(self) -> None:
        from danchu.villages.home import items
        from danchu.web.home import register

        register(items)

        from danchu.accounts.access import Cap
        from danchu.accounts.models import Role
        from danchu.web import nav

        nav.register(
            _("Village heads and charters"),
            "villages:index",
            nav.cap_or_roles(Cap.VIEW_UNIT, Role.VILLAGE_HEAD),
            order=46,
        )

        from danchu.villages.permissions import file_checker
        from danchu.web import files

        files.register("villages/", file_checker)
