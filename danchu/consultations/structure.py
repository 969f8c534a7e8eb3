"""The structure of a draft (chapters, articles, clauses) and what changed between versions.

Plain Python. :func:`parse` reads the usual layout of a Vietnamese regulation — "Chương I", a
chapter title, "Điều 1. Title", clauses "1. …" and points "a) …" — from lines of text (typed, or
paragraphs of a DOCX). :func:`diff` compares two versions article by article, matching articles
by their number ("Điều 5"): renumbering shows as removed + added, which is what a reader of the
two printed versions sees too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from danchu.core.text import nfc

CHAPTER = re.compile(r"^Chương\s+([IVXLCDM]+|\d+)\b[.:\-–]?\s*(.*)$", re.IGNORECASE)
ARTICLE = re.compile(r"^Điều\s+(\d+[a-z]?)\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
CLAUSE = re.compile(r"^(\d+)\s*[.)]\s+(.*)$")


@dataclass
class Clause:
    number: str
    text: str


@dataclass
class Article:
    number: str
    title: str
    intro: str = ""
    clauses: list[Clause] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Điều {self.number}"

    def body_lines(self) -> list[str]:
        lines = [self.intro] if self.intro else []
        lines += [f"{c.number}. {c.text}" for c in self.clauses]
        return lines

    def full_text(self) -> str:
        return "\n".join([f"{self.label}. {self.title}".rstrip(". "), *self.body_lines()])


@dataclass
class Chapter:
    number: str  # "" for articles before any chapter
    title: str
    articles: list[Article] = field(default_factory=list)


@dataclass
class Draft:
    chapters: list[Chapter]
    preamble: str = ""

    def articles(self) -> list[Article]:
        return [a for ch in self.chapters for a in ch.articles]


class StructureError(ValueError):
    """The text has no article, or an article number repeats. Messages are in Vietnamese."""


def parse(lines: Iterable[str]) -> Draft:
    chapters: list[Chapter] = []
    preamble: list[str] = []
    chapter: Chapter | None = None
    article: Article | None = None
    expecting_chapter_title = False
    for raw in lines:
        line = nfc(raw)
        if not line:
            continue
        if m := CHAPTER.match(line):
            chapter = Chapter(m.group(1).upper(), m.group(2).strip())
            chapters.append(chapter)
            article = None
            expecting_chapter_title = not chapter.title
            continue
        if expecting_chapter_title and chapter is not None and not ARTICLE.match(line):
            chapter.title = line
            expecting_chapter_title = False
            continue
        expecting_chapter_title = False
        if m := ARTICLE.match(line):
            if chapter is None:
                chapter = Chapter("", "")
                chapters.append(chapter)
            article = Article(m.group(1), m.group(2).strip().rstrip("."))
            chapter.articles.append(article)
            continue
        if article is None:
            preamble.append(line)
            continue
        if m := CLAUSE.match(line):
            article.clauses.append(Clause(m.group(1), m.group(2).strip()))
        elif article.clauses:
            article.clauses[-1].text += "\n" + line
        else:
            article.intro = f"{article.intro}\n{line}".strip()
    draft = Draft(chapters, "\n".join(preamble))
    numbers = [a.number for a in draft.articles()]
    if not numbers:
        raise StructureError("Không tìm thấy điều nào: mỗi điều phải bắt đầu bằng «Điều 1.».")
    seen: set[str] = set()
    for n in numbers:
        if n in seen:
            raise StructureError(f"«Điều {n}» xuất hiện hai lần.")
        seen.add(n)
    return draft


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed"
    article: str  # "Điều 5"
    lines: tuple[str, ...] = ()  # ndiff lines ("- …", "+ …") for a changed article


def diff(old: Draft, new: Draft) -> list[Change]:
    """Articles added, removed or changed between two versions, in the new version's order."""
    old_by = {a.number: a for a in old.articles()}
    new_by = {a.number: a for a in new.articles()}
    changes: list[Change] = []
    for a in new.articles():
        before = old_by.get(a.number)
        if before is None:
            changes.append(Change("added", a.label, tuple(a.full_text().splitlines())))
        elif before.full_text() != a.full_text():
            lines = [
                ln
                for ln in difflib.ndiff(before.full_text().splitlines(), a.full_text().splitlines())
                if ln[:1] in "-+"
            ]
            changes.append(Change("changed", a.label, tuple(lines)))
    for a in old.articles():
        if a.number not in new_by:
            changes.append(Change("removed", a.label, tuple(a.full_text().splitlines())))
    return changes


def docx_lines(file: Any) -> list[str]:
    """Paragraph texts of a DOCX file (path or file object), tables' cells included in order."""
    import docx  # python-docx; imported here so the parser stays importable without it

    document = docx.Document(file)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return lines
