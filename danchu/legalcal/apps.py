from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalcalConfig(AppConfig):
    name = "danchu.legalcal"
    verbose_name = _("Legal calendar")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from danchu.legalcal import calendar, selectors
        from danchu.legalcal.models import CalendarSwap

        calendar.set_swap_loader(selectors.swap_table)
        post_save.connect(selectors.forget_swap_table, sender=CalendarSwap, weak=False)
        post_delete.connect(selectors.forget_swap_table, sender=CalendarSwap, weak=False)

        from danchu.web import nav

        nav.register(_("Calendar"), "legalcal:calendar", lambda user: True, order=70)
