from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    """Households, community decisions (LD2–LD7), village heads (LD13) and charters (LD14)."""

    name = "danchu.residents"
    label = "residents"
    verbose_name = _("Residents decide")

    def ready(self) -> None:
        from danchu.residents.home import items
        from danchu.web.home import register

        register(items)

        from danchu.accounts.access import Cap
        from danchu.accounts.models import Role
        from danchu.web import nav

        # The page itself shows only what the user may see (counts, or the list for runners).
        nav.register(
            _("Residents decide"),
            "residents:index",
            nav.cap_or_roles(Cap.VIEW_UNIT, Role.VILLAGE_HEAD),
            order=45,
        )
