from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operating an installation (issue 16): backups that restore."""

    name = "danchu.ops"
    label = "ops"
    verbose_name = _("Operations")
