from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """GR8: citizen reception, complaints, denunciations and petitions."""

    name = "danchu.complaints"
    label = "complaints"
    verbose_name = _("Citizen reception and complaints")

    def ready(self) -> None:
        from danchu.complaints.home import items
        from danchu.complaints.permissions import may_see_cases
        from danchu.web import nav
        from danchu.web.home import register

        register(items)
        nav.register(_("Complaints and reception"), "complaints:list", may_see_cases, order=49)
