from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    """The commune's dialogue with residents, village conferences and agencies' staff
    conferences (LD9, QD2, QD6, GR7)."""

    name = "danchu.dialogues"
    label = "dialogues"
    verbose_name = _("Dialogues and conferences")

    def ready(self) -> None:
        from danchu.dialogues.home import items
        from danchu.web.home import register

        register(items)

        from danchu.accounts.access import Cap
        from danchu.accounts.models import Role
        from danchu.web import nav

        nav.register(
            _("Dialogues and conferences"),
            "dialogues:index",
            nav.cap_or_roles(Cap.VIEW_UNIT, Role.VILLAGE_HEAD),
            order=48,
        )

        from danchu.dialogues.permissions import file_checker
        from danchu.web import files

        files.register("dialogues/", file_checker)
