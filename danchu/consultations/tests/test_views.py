"""Pages: the role × page matrix, the public page (no login, honeypot, rate limit, closing),
documents and the supervisor's view."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from danchu.consultations import services
from danchu.consultations.models import AnswerKind, Opinion, Source, Status
from danchu.core import clock
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _who(world, actors, name):  # type: ignore[no-untyped-def]
    return {
        "anonymous": None,
        "bob": world.bob,  # officer of commune A: manages
        "drafter": actors.drafter,  # drafting team of this consultation: manages
        "council": actors.council,  # People's Council rep: gathers, supervises
        "union": actors.union,  # trade union rep: gathers (not for citizens here)
        "supervisor": actors.supervisor,  # supervisor of the province: reads
        "alice": world.alice,  # Home Affairs of the province: supervises
        "carol": world.carol,  # officer of commune B: nothing here
        "dave": world.dave,  # no role
        "village_head": actors.village_head,  # no consultation capability
    }[name]


PAGES = ["detail", "draft", "plan", "opinions", "opinion_enter", "issue", "report", "summary_pdf"]

# Expected status per page, in the order of PAGES. 302 = redirected to login.
MATRIX = {
    "anonymous": [302] * 8,
    "bob": [200, 200, 200, 200, 200, 200, 200, 200],
    "drafter": [200, 200, 200, 200, 200, 200, 200, 200],
    "council": [200, 403, 403, 200, 200, 403, 403, 200],
    "union": [200, 403, 403, 200, 403, 403, 403, 200],
    "supervisor": [200, 403, 403, 200, 403, 403, 403, 200],
    "alice": [200, 403, 403, 200, 403, 403, 403, 200],
    "carol": [403] * 8,
    "dave": [403] * 8,
    "village_head": [403] * 8,
}


def _url(page, c):  # type: ignore[no-untyped-def]
    if page == "summary_pdf":
        return reverse("consultations:summary_file", args=[c.pk, "pdf"])
    return reverse(f"consultations:{page}", args=[c.pk])


@pytest.mark.parametrize("who", list(MATRIX))
def test_role_page_matrix(world, consultation, actors, who):  # type: ignore[no-untyped-def]
    user = _who(world, actors, who)
    client = Client() if user is None else client_for(user)
    got = [client.get(_url(page, consultation)).status_code for page in PAGES]
    assert got == MATRIX[who], dict(zip(PAGES, got, strict=True))


@pytest.mark.parametrize("who", ["anonymous", "dave", "carol", "bob"])
def test_public_page_is_open_to_everyone_without_login(world, consultation, actors, who):  # type: ignore[no-untyped-def]
    user = _who(world, actors, who)
    client = Client() if user is None else client_for(user)
    r = client.get(reverse("consultations:public", args=[consultation.slug]))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Điều 3. Nội dung công khai" in body and 'id="give"' in body


def test_unpublished_consultation_has_no_public_page(world, start_day):  # type: ignore[no-untyped-def]
    from .conftest import build

    c = build(world, start_day)
    assert Client().get(reverse("consultations:public", args=[c.slug])).status_code == 404


def test_list_and_supervisor_view_are_scoped(world, consultation, actors):  # type: ignore[no-untyped-def]
    url = reverse("consultations:list")
    assert consultation.title in client_for(world.bob).get(url).content.decode()
    assert consultation.title not in client_for(world.carol).get(url).content.decode()
    sup = reverse("consultations:supervise")
    r = client_for(actors.supervisor).get(sup)
    assert r.status_code == 200 and consultation.title in r.content.decode()
    assert client_for(world.carol).get(sup).status_code == 403
    assert client_for(world.dave).get(sup).status_code == 403


def test_writes_are_refused_to_readers(world, consultation, actors):  # type: ignore[no-untyped-def]
    for user in (actors.supervisor, actors.union, world.carol):
        c = client_for(user)
        r = c.post(reverse("consultations:publish", args=[consultation.pk]))
        assert r.status_code == 403
        r = c.post(
            reverse("consultations:opinions", args=[consultation.pk]),
            {"ids": "1", "kind": "accept", "text": "x"},
        )
        assert r.status_code == 403


# The public form ------------------------------------------------------------------------------
def _post(client, c, **data):  # type: ignore[no-untyped-def]
    payload = {"article": "3", "stance": "none", "text": "Đề nghị bổ sung công khai quỹ.", **data}
    return client.post(reverse("consultations:public", args=[c.slug]), payload)


def test_dc2_public_opinion_is_received_in_the_window(consultation):  # type: ignore[no-untyped-def]
    r = _post(Client(), consultation, author_name="Nguyễn Thị Hoà")
    assert r.status_code == 302 and r["Location"].endswith("/sent/")  # issue 18
    o = Opinion.objects.get()
    assert (o.article_number, o.source, o.author_name) == (
        "3",
        Source.PUBLIC_PAGE,
        "Nguyễn Thị Hoà",
    )


def test_honeypot_filled_stores_nothing(consultation):  # type: ignore[no-untyped-def]
    r = _post(Client(), consultation, website="http://spam.example")
    assert r.status_code == 302
    assert Opinion.objects.count() == 0


def test_flood_from_one_address_is_limited(consultation):  # type: ignore[no-untyped-def]
    client = Client()
    codes = [_post(client, consultation, text=f"Ý kiến số {i}").status_code for i in range(7)]
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]
    assert Opinion.objects.count() == 5
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _post(other, consultation).status_code == 302


def test_dc2_form_closes_after_the_window(consultation):  # type: ignore[no-untyped-def]
    a = consultation.audiences.get()
    a.window_end = clock.today() - dt.timedelta(days=1)
    a.window_start = a.window_end - dt.timedelta(days=25)
    a.save()
    r = Client().get(reverse("consultations:public", args=[consultation.slug]))
    assert 'id="give"' not in r.content.decode() and 'id="closed"' in r.content.decode()
    _post(Client(), consultation)
    assert Opinion.objects.count() == 0


def test_empty_opinion_shows_the_field_error(consultation):  # type: ignore[no-untyped-def]
    r = _post(Client(), consultation, text="")
    assert r.status_code == 200 and Opinion.objects.count() == 0


# Gathered opinions, answers, documents ---------------------------------------------------------
def test_council_enters_a_conference_opinion_but_not_a_front_one(world, consultation, actors):  # type: ignore[no-untyped-def]
    c = client_for(actors.council)
    url = reverse("consultations:opinion_enter", args=[consultation.pk])
    page = c.get(url).content.decode()
    assert "council_conference" in page and "front_conference" not in page
    r = c.post(
        url,
        {
            "source": "council_conference",
            "source_detail": "Hội nghị Thôn 1",
            "received_on": clock.today().isoformat(),
            "article": "2",
            "stance": "support",
            "text": "Nhất trí với dự thảo",
        },
    )
    assert r.status_code == 302
    o = Opinion.objects.get()
    assert o.entered_by == actors.council and o.source == Source.COUNCIL_CONFERENCE
    r = c.post(
        url,
        {"source": "front_conference", "received_on": "2024-03-01", "text": "x", "stance": "none"},
    )
    assert r.status_code == 200 and Opinion.objects.count() == 1


def test_dc4_group_answer_and_summary_documents(world, consultation, start_day, publish_on):  # type: ignore[no-untyped-def]
    for text in ("Đề nghị bổ sung công khai quỹ", "đề nghị bổ sung công khai quỹ!"):
        services.submit_public_opinion(
            consultation=consultation,
            text=text,
            article_number="3",
            author_name="Lê Văn Tám",
            today=start_day,
        )
    bob = client_for(world.bob)
    ids = ",".join(str(pk) for pk in Opinion.objects.values_list("pk", flat=True))
    r = bob.post(
        reverse("consultations:opinions", args=[consultation.pk]),
        {"ids": ids, "kind": AnswerKind.ACCEPT, "text": "Bổ sung khoản 3 Điều 3"},
    )
    assert r.status_code == 302
    assert all(o.is_answered for o in Opinion.objects.all())
    pdf = bob.get(reverse("consultations:summary_file", args=[consultation.pk, "pdf"]))
    text = " ".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "BẢNG TỔNG HỢP" in text and "Bổ sung khoản 3 Điều 3" in text
    docx_r = bob.get(reverse("consultations:summary_file", args=[consultation.pk, "docx"]))
    assert docx_r.content[:2] == b"PK"
    xlsx = bob.get(reverse("consultations:summary_file", args=[consultation.pk, "xlsx"]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "STT" and rows[1][1] == "Điều 3" and "Lê Văn Tám" in rows[1][3]
    # Public only once published, and without the names of those who gave opinions.
    public = reverse("consultations:public_summary", args=[consultation.slug, "xlsx"])
    assert Client().get(public).status_code == 404
    after = start_day + dt.timedelta(days=26)
    publish_on(consultation, after)
    ws = load_workbook(io.BytesIO(Client().get(public).content)).active
    assert "Lê Văn Tám" not in str(list(ws.iter_rows(values_only=True)))
    page = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    assert 'id="summary"' in page and "Bổ sung khoản 3 Điều 3" in page


def test_dc6_report_document_lists_the_steps(world, consultation):  # type: ignore[no-untyped-def]
    r = client_for(world.bob).get(
        reverse("consultations:report_file", args=[consultation.pk, "pdf"])
    )
    text = " ".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split()
    )
    assert "BÁO CÁO" in text and "DC2" in text and "Ủy ban MTTQ" in text


def test_dc2_short_window_refused_on_the_page_with_the_reason(world, consultation, start_day):  # type: ignore[no-untyped-def]
    from .conftest import build

    c = build(world, start_day)
    r = client_for(world.bob).post(
        reverse("consultations:audience", args=[c.pk]),
        {
            "audience": "citizens",
            "gatherings": ["council:conference", "front:conference"],
            "window_start": start_day.isoformat(),
            "window_end": (start_day + dt.timedelta(days=10)).isoformat(),
        },
        follow=True,
    )
    assert r.status_code == 200
    assert "DC2" in r.content.decode() and "20" in r.content.decode()


def test_create_draft_plan_publish_through_pages(world, start_day, village_a2):  # type: ignore[no-untyped-def]
    from .conftest import DRAFT

    bob = client_for(world.bob)
    r = bob.post(
        reverse("consultations:create"),
        {
            "unit": world.commune_a.pk,
            "title": "Dự thảo Quy chế dân chủ",
            "scope": "commune",
            "matter": "democracy_regulation",
        },
    )
    assert r.status_code == 302
    from danchu.consultations.models import Consultation

    c = Consultation.objects.get(title="Dự thảo Quy chế dân chủ")
    bob.post(reverse("consultations:draft", args=[c.pk]), {"text": DRAFT, "note": "v1"})
    bob.post(
        reverse("consultations:plan", args=[c.pk]),
        {"plan_number": "05/KH-UBND", "content_published_on": start_day.isoformat()},
    )
    bob.post(
        reverse("consultations:audience", args=[c.pk]),
        {
            "audience": "citizens",
            "gatherings": ["council:conference", "front:conference", "committee:public_page"],
            "window_start": start_day.isoformat(),
            "window_end": (start_day + dt.timedelta(days=21)).isoformat(),
        },
    )
    bob.post(reverse("consultations:publish", args=[c.pk]))
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED and c.versions.count() == 1
    assert client_for(world.dave).post(reverse("consultations:create"), {}).status_code == 403


def test_dc3_publication_recorded_with_a_photo_through_the_page(world, consultation, start_day):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    bob = client_for(world.bob)
    url = reverse("consultations:publication", args=[consultation.pk])
    r = bob.post(
        url,
        {
            "phase": "plan",
            "channel": "village_head",
            "village": world.village_a1.pk,
            "start": clock.today().isoformat(),
            "evidence": SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0photo", "image/jpeg"),
        },
    )
    assert r.status_code == 302
    record = consultation.publications.get()
    assert record.village == world.village_a1 and record.evidence.name.endswith(".jpg")
    r = bob.post(
        url,
        {
            "phase": "plan",
            "channel": "radio",
            "start": clock.today().isoformat(),
            "evidence": SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert r.status_code == 200 and consultation.publications.count() == 1


def test_versions_diff_page_shows_the_changed_article(world, consultation):  # type: ignore[no-untyped-def]
    from .conftest import DRAFT

    services.add_version(
        actor=world.bob,
        consultation=consultation,
        text=DRAFT.replace("2. Dự toán, quyết toán ngân sách xã.", "2. Dự toán ngân sách xã."),
    )
    r = client_for(world.bob).get(reverse("consultations:diff", args=[consultation.pk, 2]))
    body = r.content.decode()
    assert r.status_code == 200 and "Điều 3" in body and "Dự toán ngân sách xã." in body
    assert (
        client_for(world.carol)
        .get(reverse("consultations:diff", args=[consultation.pk, 2]))
        .status_code
        == 403
    )


def test_dc7_front_records_its_own_send_the_council_cannot(world, consultation, actors, start_day):  # type: ignore[no-untyped-def]
    from danchu.consultations.models import Body

    send = services.set_send_due(
        actor=world.bob,
        consultation=consultation,
        body=Body.FRONT,
        due=start_day + dt.timedelta(days=30),
    )
    url = reverse("consultations:send_record", args=[consultation.pk, send.pk])
    assert client_for(actors.council).get(url).status_code == 403
    r = client_for(actors.front).post(url, {"sent_on": clock.today().isoformat()})
    assert r.status_code == 302
    send.refresh_from_db()
    assert send.sent_on == clock.today() and not send.backdated
