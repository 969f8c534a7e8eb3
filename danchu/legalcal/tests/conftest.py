from __future__ import annotations

from collections.abc import Iterator

import pytest

from danchu.legalcal import selectors


@pytest.fixture(autouse=True)
def _fresh_swap_cache() -> Iterator[None]:
    """Rolled-back test transactions send no delete signal: drop the cached table around each."""
    selectors.forget_swap_table()
    yield
    selectors.forget_swap_table()
