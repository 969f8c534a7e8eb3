from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "danchu.consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from danchu.consultations.home import items
        from danchu.web.home import register

        register(items)
