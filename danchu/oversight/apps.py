from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Residents' oversight: People's Inspection Board (LD11), Community Investment
    Supervision Boards (LD12), inspections of grassroots democracy (QD3)."""

    name = "danchu.oversight"
    label = "oversight"
    verbose_name = _("Inspection and supervision")

    def ready(self) -> None:
        from danchu.oversight.home import items
        from danchu.web.home import register

        register(items)

        from danchu.accounts.access import Cap
        from danchu.web import nav

        nav.register(
            _("Inspection and supervision"),
            "oversight:index",
            nav.cap_or_roles(Cap.VIEW_UNIT),
            order=47,
        )

        from danchu.oversight.permissions import file_checker
        from danchu.web import files

        files.register("oversight/", file_checker)
