"""What the home page shows: each app registers a provider of deadlines and open tasks.

A provider is ``f(user) -> list[HomeItem]``; apps register it in ``AppConfig.ready`` so the web
shell never imports process apps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HomeItem:
    kind: str  # "deadline" or "task"
    title: str
    url: str = ""
    due: dt.date | None = None
    rule: str = ""  # rule ID, e.g. "CV4"
    why: str = ""  # plain-Vietnamese reason
    late: bool = False


Provider = Callable[[Any], list[HomeItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user: Any) -> list[HomeItem]:
    items: list[HomeItem] = []
    for provider in _providers:
        items.extend(provider(user))
    return sorted(items, key=lambda i: (i.due or dt.date.max, i.title))
