"""Issue 19, point 6: numbers and percentages the Vietnamese way (16,67%, 1.234) on every page
and in every document and spreadsheet a person reads.

The demo world of votes, surveys, consultations and classification is built, then each demo
account walks the site from the home page, following every link it is shown (at most a few
addresses per route, so the walk stays bounded as data grows): pages, PDF and DOCX documents,
XLSX spreadsheets. A rate or decimal in the English form (``58.33%``, ``16.99``) fails the test
with the page named; an XLSX cell holding a fraction must carry a display format (Excel then
shows it with the reader's separators). JSON and the CSV files made for software keep plain
digits (``danchu.formats.numbers``): they are not read here."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from html.parser import HTMLParser
from importlib import import_module
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve

from danchu.accounts.models import User
from danchu.testing import factories as f
from danchu.web.management.commands.demo import PROCESS_APPS

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
APPS = PROCESS_APPS
"""Every process app that builds a demo: a new app is walked as soon as it has one."""
USERS = (
    "noivu",
    "quantri",
    "chutich",
    "canbo",
    "thuky",
    "kiemphieu",
    "tochuc",
    "hdnd",
    "giamsat",
    "soanthao",
    "truongthon",
    "mattran",
)
STARTS = ("/", "/data/", "/documents/samples/", "/calendar/")
PER_ROUTE = 2
"""Addresses walked per route, all accounts together: the walk stays bounded as data grows."""
SKIPPED = {
    "/static/": "not pages",
    "/admin/": "Django's read-only admin",
    "/api/": "JSON: machine numbers (a contract)",
    "/i18n/": "language switch",
    "/accounts/": "log-in, password and token pages: no figures",
    "/files/": "files people uploaded (evidence, dossiers), served as they came",
    "/audit/": "the audit log shows each change's recorded values exactly as stored",
    "/jobs/": "one's own background jobs: status texts, no figures",
}

ENGLISH_RATE = re.compile(r"\d+\.\d+\s?%|%\s?\d+\.\d+")
"""A percentage written with a decimal point: ``58.33%``."""
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}\.\d{1,2}(?![\d.,])")
"""A decimal with a point and one or two decimals (``16.99``); ``1.234`` (thousands) is not."""
ARTICLE = re.compile(r"(Art\.|Điều|điều|khoản|Khoản|mục|Mục|Clause|clause)\s*$")
"""``Điều 13.2``: a clause of a law, not a decimal."""


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def english_numbers(text: str) -> list[str]:
    """Each number in ``text`` written the English way, with a little context."""
    found = []
    for rx in (ENGLISH_RATE, ENGLISH_DECIMAL):
        for m in rx.finditer(text):
            if rx is ENGLISH_DECIMAL and ARTICLE.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            found.append(" ".join(text[max(0, m.start() - 40) : m.end() + 20].split()))
    return found


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def _xlsx_problems(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    problems = []
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    problems += [
                        f"{sheet.title}!{cell.coordinate}: {x}" for x in english_numbers(value)
                    ]
                elif (
                    isinstance(value, float)
                    and not value.is_integer()
                    and cell.number_format in ("General", "@")
                ):
                    problems.append(
                        f"{sheet.title}!{cell.coordinate}: {value} has no number format"
                    )
    return problems


def problems_in(response: Any) -> tuple[list[str], list[str]]:
    """(problems, links) of one answer."""
    kind = response.get("Content-Type", "").split(";")[0]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "text/html":
        parser = _Text()
        parser.feed(content.decode())
        return english_numbers(" ".join(parser.parts)), parser.links
    if kind == "application/pdf":
        try:
            return english_numbers(_pdf_text(content)), []
        except Exception as error:  # a document nobody can read is a finding too
            return [f"unreadable PDF ({len(content)} bytes, {content[:20]!r}): {error}"], []
    if kind.endswith("wordprocessingml.document"):
        return english_numbers(_docx_text(content)), []
    if kind.endswith("spreadsheetml.sheet"):
        return _xlsx_problems(content), []
    return [], []


def build_process_demo() -> None:
    from danchu.testing.demo import build_demo

    with transaction.atomic():
        demo = build_demo(TODAY)
        for app in APPS:
            import_module(f"danchu.{app}.demo").build(demo)


def _route(path: str) -> str | None:
    """The resolver's route, with the file's extension when the route names a format
    (``report.<str:fmt>``: the PDF and the DOCX are walked each)."""
    try:
        route = str(resolve(path).route)
    except Resolver404:
        return None
    return f"{route}|{path.rsplit('.', 1)[-1]}" if "<str:fmt>" in route else route


def walk(client: Any, routes: Counter[str], kinds: Counter[str]) -> dict[str, list[str]]:
    """Follow the links ``client`` is shown from the start pages; the problems per address."""
    found: dict[str, list[str]] = {}
    queue = list(STARTS)
    visited = set(queue)
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "").split(";")[0]
        kinds[kind.split("/")[-1].rsplit(".", 1)[-1]] += 1  # html, pdf, document, sheet…
        problems, links = problems_in(response)
        if problems:
            found[url] = problems
        for href in links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in visited or parts.path.startswith(tuple(SKIPPED)):
                continue
            route = _route(parts.path)
            if route is None or routes[route] >= PER_ROUTE:
                continue
            routes[route] += 1
            visited.add(target)
            queue.append(target)
    return found


def test_issue19_every_page_and_document_writes_numbers_the_vietnamese_way() -> None:
    build_process_demo()
    found: dict[str, list[str]] = {}
    routes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for username in USERS:
        user = User.objects.get(username=username)
        for where, problems in walk(f.client_for(user), routes, kinds).items():
            found.setdefault(f"{where} (as {username})", problems)
    # the walk reached each process, the data pages, and documents of each kind
    for prefix in (*(f"{app}/" for app in APPS), "data/"):
        assert any(route.startswith(prefix) for route in routes), prefix
    for kind in ("html", "pdf", "document", "sheet"):
        assert kinds[kind] > 0, (kind, kinds)
    report = "\n".join(f"{page}: {'; '.join(p[:3])}" for page, p in sorted(found.items()))
    assert not found, f"numbers written the English way:\n{report}"


def test_issue19_the_number_check_catches_the_english_forms() -> None:
    assert english_numbers("tỷ lệ 58.33% số phiếu")
    assert english_numbers("Tổng điểm 16.99")
    assert english_numbers("(33.3 %)")
    assert not english_numbers("tỷ lệ 58,33% trên 1.234 phiếu, ngày 22/11/2026, 100%")
    assert not english_numbers("Quyết định số 12/QĐ-UBND, mã 23479, 1.234.567 người")


def test_issue19_stored_sentences_read_their_rates_the_vietnamese_way() -> None:
    """SV7 flags raised before issue 19 stored "(58.33%)": shown as "(58,33%)", the stored
    text unchanged; clause numbers and thousands are left alone."""
    from django.template import Context, Template

    from danchu.formats.numbers import rates_in_text

    stored = "Năm 2025: 40/100 phiếu tín nhiệm (40.00%); Năm 2026: 70/120 phiếu (58.33%)."
    assert rates_in_text(stored) == (
        "Năm 2025: 40/100 phiếu tín nhiệm (40,00%); Năm 2026: 70/120 phiếu (58,33%)."
    )
    assert rates_in_text("Điều 13.2; 1.234 người; 100%; 58,33%") == (
        "Điều 13.2; 1.234 người; 100%; 58,33%"
    )
    page = Template("{% load vn_numbers %}{{ why|vn_rates }}").render(
        Context({"why": "<b>(1234.5%)</b>"})
    )
    assert page == "&lt;b&gt;(1.234,5%)&lt;/b&gt;"


def test_issue19_scheme_points_are_number_cells_with_a_display_format(world) -> None:  # type: ignore[no-untyped-def]
    """GR2's scheme workbook: points are numbers shown with two decimals (16,99 for a
    Vietnamese reader), and the import reads them back exactly."""
    import dataclasses
    from decimal import Decimal

    from openpyxl import load_workbook

    from danchu.classification import scheme_io, services
    from danchu.formats.numbers import XLSX_DECIMAL

    criteria = list(scheme_io.ILLUSTRATIVE_CRITERIA)
    criteria[0] = dataclasses.replace(criteria[0], max_points=Decimal("16.99"))
    scheme = services.save_scheme(
        actor=world.alice,
        province=world.province,
        year=2026,
        name="Thử",
        thresholds=scheme_io.ILLUSTRATIVE_THRESHOLDS,
        criteria=tuple(criteria),
    )
    data = scheme_io.export_xlsx(scheme)
    book = load_workbook(io.BytesIO(data))
    cell = book.worksheets[0]["C2"]
    assert cell.value == 16.99 and cell.number_format == XLSX_DECIMAL
    assert book.worksheets[1]["B2"].number_format == XLSX_DECIMAL
    read, _thresholds = scheme_io.import_xlsx(data)
    assert read[0].max_points == Decimal("16.99")


def test_issue19_export_decimals_are_number_cells_with_a_display_format() -> None:
    """A decimal in any XLSX export is a number with a display format (Excel shows 16,99 to a
    Vietnamese reader); counts stay plain numbers, a ``Number`` keeps its own format."""
    from decimal import Decimal

    from openpyxl import load_workbook

    from danchu.dataio.exports import Number, xlsx_bytes
    from danchu.formats.numbers import XLSX_DECIMAL, XLSX_PERCENT

    data = xlsx_bytes(
        "Thử", ["a", "b", "c", "d"], [[Decimal("16.99"), 0.5, 12, Number(1, XLSX_PERCENT)]]
    )
    row = load_workbook(io.BytesIO(data)).active[2]
    assert [c.value for c in row] == [16.99, 0.5, 12, 1]
    assert [c.number_format for c in row] == [XLSX_DECIMAL, XLSX_DECIMAL, "General", XLSX_PERCENT]
    assert not _xlsx_problems(data)
