from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "danchu.votes"
    verbose_name = _("Confidence votes")

    def ready(self) -> None:
        from danchu.votes.home import register_home

        register_home()

        from danchu.votes.permissions import file_checker
        from danchu.web import files, nav

        files.register("votes/", file_checker)

        from danchu.votes.permissions import sees_votes_menu

        nav.register(_("Confidence votes"), "votes:list", sees_votes_menu, order=20)
