from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    """The disclosure register (LD1): what the commune made public, how and when."""

    name = "danchu.disclosures"
    label = "disclosures"
    verbose_name = _("Disclosure register")
