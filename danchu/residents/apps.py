from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    """Households, community decisions (LD2–LD7), village heads (LD13) and charters (LD14)."""

    name = "danchu.residents"
    label = "residents"
    verbose_name = _("Residents decide")
