"""Issue 18, "The citizen": a confirmation page with a reference code, and with the code alone
the opinion's state and answer; failed attempts do not count toward the rate limit; the public
page shows counts per article, the answer under each opinion with its source, the draft to
print or download, the opinions without personal data (CSV, XLSX), an iCalendar feed and a
share link, and no longer says "Dự thảo" once issued."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from danchu.consultations import services
from danchu.consultations.models import AnswerKind, Opinion, Source, Stance
from danchu.core import clock
from danchu.testing.factories import client_for

from .test_services import _issue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _send(client, c, **fields):  # type: ignore[no-untyped-def]
    payload = {"article": "3", "stance": "oppose", "text": "Đề nghị bỏ mức 500.000 đồng mỗi hộ"}
    payload.update(fields)
    return client.post(reverse("consultations:public", args=[c.slug]), payload)


def _code(html: str) -> str:
    m = re.search(r'id="reference-code">([A-Z0-9-]+)<', html)
    assert m, html[:500]
    return m.group(1)


def _follow(client, code):  # type: ignore[no-untyped-def]
    return client.post(reverse("consultations:follow"), {"code": code})


def test_issue18_confirmation_page_with_a_reference_code_and_lookup(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    citizen = Client()
    r = _send(citizen, consultation, contact="0912345678", author_name="Lê Thị Hoa")
    assert r.status_code == 302
    page = citizen.get(r["Location"])
    code = _code(page.content.decode())
    assert code not in r["Location"]  # never in an address (history, logs)
    o = Opinion.objects.get()
    assert o.reference_hash and code.replace("-", "") not in o.reference_hash  # only the hash
    # With the code alone, from another device: the state.
    other = Client()
    html = _follow(other, code.lower().replace("-", " ")).content.decode()
    assert 'id="my-state"' in html and "500.000" in html
    assert "0912345678" not in html and "Lê Thị Hoa" not in html
    # The drafting team answers; the answer shows once the summary is published (DC4).
    services.answer_opinions(
        actor=world.bob, opinions=[o], kind=AnswerKind.ACCEPT, text="Đã bỏ mức đóng góp cố định"
    )
    assert "Đã bỏ mức" not in _follow(other, code).content.decode()
    publish_on(consultation, start_day + dt.timedelta(days=26))
    html = _follow(other, code).content.decode()
    assert 'id="my-answer"' in html and "Đã bỏ mức đóng góp cố định" in html


@pytest.mark.parametrize("code", ["", "AAAAA-AAAAA", "x" * 19, "<script>", "22222-2222O"])
def test_issue18_unknown_or_malformed_codes_find_nothing(consultation, code):  # type: ignore[no-untyped-def]
    _send(Client(), consultation)
    r = _follow(Client(), code)
    assert r.status_code == 200 and 'id="my-opinion"' not in r.content.decode()


def test_issue18_lookups_are_rate_limited(consultation):  # type: ignore[no-untyped-def]
    client = Client()
    codes = [_follow(client, f"AAAAA-AAA{i:02d}").status_code for i in range(22)]
    assert codes[:20] == [200] * 20 and codes[20:] == [429, 429]


def test_issue18_failed_attempts_do_not_count_toward_the_rate_limit(consultation):  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(6):
        assert _send(client, consultation, text="").status_code == 200  # field error
    codes = [_send(client, consultation, text=f"Ý kiến {i}").status_code for i in range(6)]
    assert codes == [302] * 5 + [429]
    assert Opinion.objects.count() == 5


def test_issue18_public_page_counts_per_article_and_answers_under_opinions(
    world, consultation, actors, start_day, publish_on
):  # type: ignore[no-untyped-def]
    for stance in (Stance.SUPPORT, Stance.OPPOSE, Stance.OPPOSE):
        services.submit_public_opinion(
            consultation=consultation, text=f"Ý kiến {stance}", article_number="3", stance=stance
        )
    services.enter_opinion(
        actor=actors.council,
        consultation=consultation,
        source=Source.COUNCIL_CONFERENCE,
        source_detail="Hội nghị cử tri Thôn 1",
        text="Cử tri nhất trí",
        article_number="2",
        stance=Stance.SUPPORT,
        received_on=clock.today(),
    )
    html = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    counts = re.search(r'data-article="3">([^<]+)<', html)
    assert counts and "3" in counts.group(1) and "2" in counts.group(1)
    services.answer_opinions(
        actor=world.bob,
        opinions=list(consultation.opinions.all()),
        kind=AnswerKind.EXPLAIN,
        text="Giữ nguyên theo Luật",
    )
    publish_on(consultation, start_day + dt.timedelta(days=26))
    html = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    summary = html[html.index('id="summary"') :]
    assert "Hội nghị cử tri Thôn 1" in summary  # the source column is back
    first = summary[summary.index('class="answered-opinion"') :]
    assert first.index("opinion-text") < first.index("Giữ nguyên theo Luật")  # answer under it


def test_issue18_draft_to_print_and_download(consultation):  # type: ignore[no-untyped-def]
    pdf = Client().get(reverse("consultations:public_draft", args=[consultation.slug, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "DỰ THẢO QUY CHẾ" in text and "Điều 3. Nội dung công khai" in text
    docx = Client().get(reverse("consultations:public_draft", args=[consultation.slug, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert (
        Client()
        .get(reverse("consultations:public_draft", args=[consultation.slug, "exe"]))
        .status_code
        == 404
    )


def test_issue18_public_opinions_csv_and_xlsx_have_no_personal_data(world, consultation):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(
        consultation=consultation,
        text="Đề nghị công khai thu chi",
        article_number="3",
        author_name="Nguyễn Văn Bình",
        contact="0987654321",
    )
    services.hide_opinion(
        actor=world.bob,
        opinion=services.submit_public_opinion(
            consultation=consultation, text="Lời lẽ xúc phạm cán bộ"
        ),
        reason="Xúc phạm",
    )
    r = Client().get(reverse("consultations:public_opinions", args=[consultation.slug, "csv"]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Điều" and len(rows) == 3
    flat = str(rows)
    assert "Đề nghị công khai thu chi" in flat and "Xúc phạm" in flat
    for secret in ("Nguyễn Văn Bình", "0987654321", "Lời lẽ xúc phạm", str(o.pk)):
        assert secret not in flat
    x = Client().get(reverse("consultations:public_opinions", args=[consultation.slug, "xlsx"]))
    values = str(list(load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True)))
    assert "Đề nghị công khai thu chi" in values and "0987654321" not in values


def test_issue18_icalendar_feed_of_the_dates(world, consultation, start_day):  # type: ignore[no-untyped-def]
    r = Client().get(reverse("consultations:public_calendar", args=[consultation.slug]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    body = r.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    end = consultation.audiences.get().window_end
    assert f"DTSTART;VALUE=DATE:{end:%Y%m%d}" in body
    assert f"DTSTART;VALUE=DATE:{start_day:%Y%m%d}" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))  # RFC 5545 folding


def test_issue18_share_link_fits_zalo(consultation):  # type: ignore[no-untyped-def]
    html = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    url = f"http://testserver/consultations/p/{consultation.slug}/"
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:title" content="{consultation.title}">' in html
    assert 'property="og:description"' in html and f'value="{url}"' in html


def test_issue18_public_page_no_longer_says_draft_after_issue(
    world, consultation, start_day, publish_on, at
):  # type: ignore[no-untyped-def]
    assert consultation.title.startswith("Dự thảo")
    after = start_day + dt.timedelta(days=26)
    publish_on(consultation, after)
    consultation.refresh_from_db()
    _issue(at, world, consultation, after)
    html = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    h1 = re.search(r"<h1>([^<]+)</h1>", html)
    assert h1 and h1.group(1).startswith("Quy chế thực hiện dân chủ")


def test_issue18_staff_consultation_files_are_not_public(world, start_day):  # type: ignore[no-untyped-def]
    from .conftest import build

    c = build(world, start_day, scope="agency")
    services.publish_consultation(actor=world.bob, consultation=c)
    for name, args in (
        ("public_draft", [c.slug, "pdf"]),
        ("public_opinions", [c.slug, "csv"]),
        ("public_calendar", [c.slug]),
    ):
        assert Client().get(reverse(f"consultations:{name}", args=args)).status_code == 404
        assert (
            client_for(world.bob).get(reverse(f"consultations:{name}", args=args)).status_code
            == 200
        )


def test_issue18_public_page_shows_conference_times_and_places(world, consultation, actors):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    when = dt.datetime.combine(
        clock.today() + dt.timedelta(days=3), dt.time(19, 30), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")
    )
    bob = client_for(world.bob)
    r = bob.post(
        reverse("consultations:meeting", args=[consultation.pk]),
        {
            "body": "front",
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "Nhà văn hóa Thôn 1",
            "village": world.village_a1.pk,
        },
    )
    assert r.status_code == 302
    assert (
        client_for(actors.council)
        .get(reverse("consultations:meeting", args=[consultation.pk]))
        .status_code
        == 403
    )
    with pytest.raises(services.ConsultationError):  # the union gathers nobody here (DC1)
        services.add_meeting(
            actor=world.bob,
            consultation=consultation,
            body="union",
            starts_at=when,
            place="Hội trường",
        )
    html = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    meetings = html[html.index('id="meetings"') :]
    assert f"19:30 {when:%d/%m/%Y}" in meetings and "Nhà văn hóa Thôn 1" in meetings
    ics = Client().get(reverse("consultations:public_calendar", args=[consultation.slug]))
    assert f"DTSTART;VALUE=DATE:{when:%Y%m%d}" in ics.content.decode()
