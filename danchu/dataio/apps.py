from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "danchu.dataio"
    verbose_name = _("Imports and exports")
