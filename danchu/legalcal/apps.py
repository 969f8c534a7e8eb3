from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalcalConfig(AppConfig):
    name = "danchu.legalcal"
    verbose_name = _("Legal calendar")
