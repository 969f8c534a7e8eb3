from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "danchu.classification"
    label = "classification"
    verbose_name = _("Commune government classification")

    def ready(self) -> None:
        from danchu.classification.home import home_items
        from danchu.web.home import register

        register(home_items)

        from danchu.accounts.access import Cap
        from danchu.accounts.models import Role
        from danchu.web import nav

        nav.register(
            _("Commune government classification"),
            "classification:index",
            nav.cap_or_roles(Cap.SUPERVISE, Role.HOME_AFFAIRS, Role.CHAIRMAN, Role.OFFICER),
            order=45,
        )

        from danchu.classification.permissions import file_checker
        from danchu.web import files

        files.register("classification/", file_checker)
