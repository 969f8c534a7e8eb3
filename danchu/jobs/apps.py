from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs with progress (issue 16): long work runs outside the web request."""

    name = "danchu.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from danchu.jobs import reminders
        from danchu.jobs.permissions import file_checker
        from danchu.web import files

        reminders.register_kind()
        # Each app declares the kinds of job it runs in its own jobs.py (danchu/dataio/jobs.py…).
        autodiscover_modules("jobs")
        files.register("jobs/results/", file_checker)
