from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs with progress (issue 16): long work runs outside the web request."""

    name = "danchu.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
