from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "danchu.votes"
    verbose_name = _("Confidence votes")

    def ready(self) -> None:
        from danchu.votes.home import register_home

        register_home()

        from danchu.votes.permissions import file_checker
        from danchu.web import files

        files.register("votes/", file_checker)
