from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "danchu.surveys"
    verbose_name = _("Citizen surveys")

    def ready(self) -> None:
        from danchu.surveys.home import home_items
        from danchu.web.home import register

        register(home_items)

        from danchu.accounts.access import Cap
        from danchu.accounts.models import Role
        from danchu.web import nav

        nav.register(
            _("Citizen surveys"),
            "surveys:list",
            nav.cap_or_roles(Cap.RUN_SURVEYS, Role.SURVEY_COMMITTEE, Role.SURVEY_SECRETARY),
            order=30,
        )

        from danchu.surveys.permissions import file_checker
        from danchu.web import files

        files.register("surveys/", file_checker)
