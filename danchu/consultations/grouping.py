"""Group similar and duplicate opinions per article, to help the drafting team (no ML).

Texts are normalised (NFC, folded: no tones, đ→d, lower case; punctuation and spaces collapsed),
then compared with :class:`difflib.SequenceMatcher`. Identical normalised texts are duplicates;
a ratio of at least :data:`SIMILAR_RATIO` makes them similar. Grouping is single-link and
greedy in input order, so it is stable and explainable.

Issue 16: the grouping is computed when an opinion arrives and stored with it
(``Opinion.group``), never per page view. :class:`Grouper` places one opinion at a time with
the same result as :func:`group_opinions`, but cheaply: an exact-text set per group, then two
upper bounds of difflib's ratio (the lengths, then the characters in common) before difflib
itself, each distinct member text compared once.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
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


def _enough(matches: int, total: int) -> bool:
    """``2·matches / total >= SIMILAR_RATIO``, in integers."""
    return 2 * matches * SIMILAR_RATIO.denominator >= SIMILAR_RATIO.numerator * total


@dataclass
class Group:
    key: Hashable  # the article (or None for the whole draft)
    members: list[int] = field(default_factory=list)  # opinion ids, first is the representative
    duplicates: int = 0  # members identical to the representative after normalisation

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class _Texts:
    """A group's distinct normalised texts (each compared once); their characters are counted
    when a comparison first needs them."""

    head: str
    seen: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)
    _chars: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, text: str) -> None:
        if text not in self.seen:
            self.seen.add(text)
            self.texts.append(text)

    def chars(self, text: str) -> Counter[str]:
        found = self._chars.get(text)
        if found is None:
            found = self._chars[text] = Counter(text)
        return found


class Grouper:
    """Places opinions one at a time, exactly as :func:`group_opinions` would in that order.

    ``add`` returns the group the opinion joined (or opened) and whether its text is identical
    to the group's representative's (a duplicate)."""

    def __init__(self) -> None:
        self.groups: list[Group] = []
        self._by_key: dict[Hashable, list[tuple[Group, _Texts]]] = {}

    def seed(self, key: Hashable, members: Sequence[tuple[int, str]]) -> Group:
        """An already formed (stored) group, its representative first, taken as it is."""
        group = Group(key, [m[0] for m in members])
        texts = _Texts(normalise(members[0][1]))
        for _pk, text in members:
            mine = normalise(text)
            texts.add(mine)
            group.duplicates += mine == texts.head
        group.duplicates -= 1  # the representative itself
        self.groups.append(group)
        self._by_key.setdefault(key, []).append((group, texts))
        return group

    def add(self, opinion_id: int, key: Hashable, text: str) -> tuple[Group, bool]:
        mine = normalise(text)
        candidates = self._by_key.setdefault(key, [])
        found = self._find(candidates, mine)
        if found is None:
            group = Group(key, [opinion_id])
            self.groups.append(group)
            texts = _Texts(mine)
            texts.add(mine)
            candidates.append((group, texts))
            return group, False
        group, texts = found
        duplicate = texts.head == mine
        if duplicate:
            group.duplicates += 1
        group.members.append(opinion_id)
        texts.add(mine)
        return group, duplicate

    @staticmethod
    def _find(candidates: Iterable[tuple[Group, _Texts]], mine: str) -> tuple[Group, _Texts] | None:
        matcher: difflib.SequenceMatcher[str] | None = None
        mine_chars: Counter[str] | None = None
        for group, texts in candidates:
            if mine in texts.seen:
                return group, texts
            for other in texts.texts:
                total = len(other) + len(mine)
                if not _enough(min(len(other), len(mine)), total):
                    continue  # difflib cannot match more than the shorter text
                if mine_chars is None:
                    mine_chars = Counter(mine)
                if not _enough((texts.chars(other) & mine_chars).total(), total):
                    continue  # nor more characters than the two texts have in common
                if matcher is None:  # the new text is difflib's second sequence, as before
                    matcher = difflib.SequenceMatcher(None, "", mine, autojunk=False)
                matcher.set_seq1(other)
                if _enough(sum(b.size for b in matcher.get_matching_blocks()), total):
                    return group, texts
        return None


def number_order(n: str) -> tuple[int, str]:
    """Articles in their numeric order ("2" before "10"); the whole draft ("") first."""
    digits = "".join(ch for ch in n if ch.isdigit())
    return (int(digits) if digits else 0, n)


def reading_key(article: str, text: str, opinion_id: int) -> tuple[tuple[int, str], str, int]:
    """The order opinions are grouped and read in: article, then text — never the order they
    arrived in (issue 10, point 5: ids are random)."""
    return (number_order(article), text, opinion_id)


def assignments(items: Iterable[tuple[int, str, str]]) -> dict[int, tuple[int, bool]]:
    """``(opinion_id, article, text)`` of one consultation → per opinion its group's
    representative and whether it is a duplicate of it, grouped in reading order."""
    ordered = sorted(items, key=lambda i: reading_key(i[1], i[2], i[0]))
    grouper = Grouper()
    result: dict[int, tuple[int, bool]] = {}
    for opinion_id, article, text in ordered:
        group, duplicate = grouper.add(opinion_id, article, text)
        result[opinion_id] = (group.members[0], duplicate)
    return result


def group_opinions(items: Sequence[tuple[int, Hashable, str]]) -> list[Group]:
    """Group ``(opinion_id, article_key, text)`` per article. Returns groups in input order."""
    grouper = Grouper()
    for opinion_id, key, text in items:
        grouper.add(opinion_id, key, text)
    return grouper.groups
