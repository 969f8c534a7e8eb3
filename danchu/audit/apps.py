from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "danchu.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from danchu.audit.permissions import can_view_audit
        from danchu.web import nav

        nav.register(_("Audit trail"), "audit:list", can_view_audit, order=90)
