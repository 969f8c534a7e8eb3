from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    """The disclosure register (LD1): what the commune made public, how and when."""

    name = "danchu.disclosures"
    label = "disclosures"
    verbose_name = _("Disclosure register")

    def ready(self) -> None:
        from danchu.disclosures import signals
        from danchu.disclosures.home import items
        from danchu.web import files, nav
        from danchu.web.home import register

        signals.connect()
        register(items)

        from danchu.disclosures.permissions import file_checker, may_see_a_register

        nav.register(_("Disclosure register"), "disclosures:list", may_see_a_register, order=45)
        files.register("disclosures/", file_checker)
