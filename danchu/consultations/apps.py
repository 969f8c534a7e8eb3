from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "danchu.consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from danchu.consultations.home import items
        from danchu.web.home import register

        register(items)

        from danchu.accounts.access import Cap
        from danchu.accounts.models import Role
        from danchu.web import nav

        # The list page itself shows only the consultations the user may see.
        nav.register(
            _("Consultations"),
            "consultations:list",
            lambda user: any(
                nav.cap_or_roles(cap, Role.DRAFTING_TEAM)(user)
                for cap in (Cap.RUN_CONSULTATIONS, Cap.GATHER_OPINIONS, Cap.SUPERVISE)
            ),
            order=40,
        )

        from danchu.consultations.permissions import file_checker
        from danchu.web import files

        files.register("consultations/", file_checker)
