from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "danchu.documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from danchu.accounts import access
        from danchu.web import nav

        nav.register(
            _("Document samples"),
            "documents:samples",
            lambda user: access.visible_units(user).exists(),
            order=85,
        )
