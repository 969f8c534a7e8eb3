"""Group similar and duplicate opinions per article, to help the drafting team (no ML).

Texts are normalised (NFC, folded: no tones, đ→d, lower case; punctuation and spaces collapsed),
then compared with :class:`difflib.SequenceMatcher`. Identical normalised texts are duplicates;
a ratio of at least :data:`SIMILAR_RATIO` makes them similar. Grouping is single-link and
greedy in input order, so it is stable and explainable.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from danchu.core.text import fold

SIMILAR_RATIO = Fraction(3, 4)
"""Two opinions are "similar" when difflib's ratio is at least 3/4 on the normalised texts."""

_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    return _NON_WORD.sub(" ", fold(text)).strip()


def similarity(a: str, b: str) -> Fraction:
    """difflib's ratio 2·M/T on the normalised texts, as an exact fraction."""
    return _ratio(normalise(a), normalise(b))


def _ratio(na: str, nb: str) -> Fraction:
    if not na and not nb:
        return Fraction(1)
    matcher = difflib.SequenceMatcher(None, na, nb, autojunk=False)
    matches = sum(block.size for block in matcher.get_matching_blocks())
    return Fraction(2 * matches, len(na) + len(nb))


@dataclass
class Group:
    key: Hashable  # the article (or None for the whole draft)
    members: list[int] = field(default_factory=list)  # opinion ids, first is the representative
    duplicates: int = 0  # members identical to the representative after normalisation

    @property
    def size(self) -> int:
        return len(self.members)


def group_opinions(items: Sequence[tuple[int, Hashable, str]]) -> list[Group]:
    """Group ``(opinion_id, article_key, text)`` per article. Returns groups in input order."""
    groups: list[Group] = []
    texts: dict[int, str] = {}
    for opinion_id, key, text in items:
        texts[opinion_id] = normalise(text)
        placed = False
        for g in groups:
            if g.key != key:
                continue
            mine = texts[opinion_id]
            if any(texts[m] == mine or _ratio(texts[m], mine) >= SIMILAR_RATIO for m in g.members):
                if texts[g.members[0]] == mine:
                    g.duplicates += 1
                g.members.append(opinion_id)
                placed = True
                break
        if not placed:
            groups.append(Group(key, [opinion_id]))
    return groups
