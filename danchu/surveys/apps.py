from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "danchu.surveys"
    verbose_name = _("Citizen surveys")

    def ready(self) -> None:
        from danchu.surveys.home import home_items
        from danchu.web.home import register

        register(home_items)
