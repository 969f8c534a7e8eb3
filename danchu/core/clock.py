"""The one place "now" and "today" come from.

Every module asks :func:`now` or :func:`today` here, never ``timezone.now()``,
``timezone.localdate()`` or ``date.today()`` directly (ruff's banned-api rule TID251 refuses
them). Django's clock functions are read through this module at call time, so the test suite's
frozen clock (``time-machine``, see ``conftest.py``) and an operator's ``faketime`` reach every
caller at once, and the suite passes on any day of any year.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    return timezone.now()  # noqa: TID251 - the single sanctioned call


def today() -> dt.date:
    """Today's date in the platform's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate()  # noqa: TID251 - the single sanctioned call


def this_year() -> int:
    return today().year
