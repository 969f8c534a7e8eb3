"""Home-page items for the commune office: disclosures late or missed (LD1), the quarterly list
due (Art. 13.2) and the report due at the People's Council's next regular session (Art. 14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.disclosures import permissions, rules, selectors
from danchu.web.home import HomeItem


def items(user: Any, today: dt.date | None = None) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    communes = list(permissions.editable_communes(user))
    if not communes:
        return []
    today = today or clock.today()
    out: list[HomeItem] = []
    for j in selectors.late_or_missed(communes, today):
        d = j.disclosure
        out.append(
            HomeItem(
                "task",
                (
                    _("Disclosure missed: %(title)s")
                    if j.state == rules.State.MISSED
                    else _("Disclosure late: %(title)s")
                )
                % {"title": d.title},
                reverse("disclosures:detail", args=[d.pk]),
                j.due,
                "LD1",
                why=_(
                    "Disclosed within 5 working days of the decision, posted at least 30 days "
                    "(4 and 13 permanently); 7–12 also on the loudspeaker 3 days and sent to "
                    "village heads (LD1)."
                ),
                late=True,
            )
        )
    for commune in communes:
        for step in selectors.quarter_steps(commune, today, count=1):
            if step.issued is None:
                out.append(
                    HomeItem(
                        "deadline",
                        _("Quarterly list of disclosures Q%(q)s/%(y)s: %(commune)s")
                        % {"q": step.quarter, "y": step.year, "commune": commune.name},
                        reverse("disclosures:quarters") + f"?commune={commune.pk}",
                        step.due,
                        "LD1",
                        why=_("The list of what was disclosed is updated each quarter (LD1)."),
                        late=step.state == rules.State.MISSED,
                    )
                )
        session = selectors.next_regular_session(commune, today - dt.timedelta(days=1))
        if session is not None:
            steps = {s.session.pk: s for s in selectors.report_steps(commune, today)}
            if steps.get(session.pk) is None or steps[session.pk].document is None:
                out.append(
                    HomeItem(
                        "deadline",
                        _("Report on disclosures to the People's Council: %(session)s")
                        % {"session": session.name},
                        reverse("disclosures:sessions") + f"?commune={commune.pk}",
                        session.on,
                        "LD1",
                        why=_(
                            "The People's Committee reports on disclosures to the People's "
                            "Council at its next regular session (LD1)."
                        ),
                    )
                )
    return out
