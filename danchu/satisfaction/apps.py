from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    """Residents rate the commune government and the official who handled their matter (LD10)."""

    name = "danchu.satisfaction"
    label = "satisfaction"
    verbose_name = _("Residents' satisfaction")
