"""The register's pages: who sees and edits what (role × page), flat query counts, the public
page (nothing that is not public, tone-insensitive search), the quarterly list and the report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danchu.accounts.models import Role
from danchu.disclosures import services
from danchu.disclosures.models import Disclosure, QuarterlyList
from danchu.disclosures.tests.conftest import enter, pdf
from danchu.documents import issuing
from danchu.testing import factories as f
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db
DECIDED = dt.date(2026, 11, 16)


@pytest.fixture
def item(world) -> Disclosure:  # type: ignore[no-untyped-def]
    d = enter(
        world, category=2, decided_on=DECIDED, title="Dự toán ngân sách xã năm 2027", files=[pdf()]
    )
    services.record_fact(actor=world.bob, disclosure=d, channel="public_page", evidence_note="x")
    return d


@pytest.fixture
def actors(world):  # type: ignore[no-untyped-def]
    chair = f.UserFactory(username="chutich")
    f.give_role(chair, Role.CHAIRMAN, world.commune_a)
    supervisor = f.UserFactory(username="giamsat")
    f.give_role(supervisor, Role.SUPERVISOR, world.province)
    village_head = f.UserFactory(username="truongthon")
    f.give_role(village_head, Role.VILLAGE_HEAD, world.village_a1)
    return {
        "bob": world.bob,
        "chair": chair,
        "alice": world.alice,
        "supervisor": supervisor,
        "carol": world.carol,
        "village_head": village_head,
        "dave": world.dave,
    }


# role × page: (can read the register of commune A, can edit it)
MATRIX = {
    "bob": (True, True),  # officer of commune A
    "chair": (True, True),  # chairman of commune A
    "alice": (True, False),  # Home Affairs of the province: read-only
    "supervisor": (True, False),
    "carol": (False, False),  # officer of commune B
    "village_head": (False, False),
    "dave": (False, False),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_ld1_role_by_page_matrix(world, item, actors, who):  # type: ignore[no-untyped-def]
    reads, edits = MATRIX[who]
    client = client_for(actors[who])
    read_pages = [
        reverse("disclosures:detail", args=[item.pk]),
        reverse("disclosures:file", args=[item.pk, item.files.get().pk]),
    ]
    for url in read_pages:
        assert client.get(url).status_code == (200 if reads else 403), url
    listing = client.get(reverse("disclosures:list") + f"?commune={world.commune_a.pk}")
    assert (item.title in listing.content.decode()) == reads
    edit_get = [reverse("disclosures:edit", args=[item.pk])]
    for url in edit_get:
        assert client.get(url).status_code == (200 if edits else 403), url
    response = client.post(
        reverse("disclosures:fact_new", args=[item.pk]),
        {"channel": "office_board", "evidence_note": "Ảnh lưu"},
    )
    assert response.status_code == (302 if edits else 403)
    assert item.facts.filter(channel="office_board").exists() == edits
    create = client.get(reverse("disclosures:create"))
    # the page to enter an item: for whoever keeps a register (Carol, for commune B only)
    assert create.status_code == (200 if edits or who == "carol" else 403)
    if who == "carol":
        assert world.commune_a.name not in create.content.decode()


def test_ld1_anonymous_is_sent_to_login(item):  # type: ignore[no-untyped-def]
    response = Client().get(reverse("disclosures:detail", args=[item.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_ld1_create_through_the_page_reports_problems_in_vietnamese(world):  # type: ignore[no-untyped-def]
    client = client_for(world.bob)
    response = client.post(
        reverse("disclosures:create"),
        {
            "commune": world.commune_a.pk,
            "category": 3,
            "title": "Phương án bồi thường",
            "decided_on": "16/11/2026",
            "override_within_days": "15",
        },
        follow=True,
    )
    assert "căn cứ pháp lý" in response.content.decode()
    assert not Disclosure.objects.exists()
    response = client.post(
        reverse("disclosures:create"),
        {
            "commune": world.commune_a.pk,
            "category": 3,
            "title": "Phương án bồi thường",
            "decided_on": "16/11/2026",
        },
    )
    d = Disclosure.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{d.pk}/")


def _many(world, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        d = enter(world, category=1 + i % 14, decided_on=DECIDED, title=f"Mục {i}")
        services.record_fact(
            actor=world.bob, disclosure=d, channel="public_page", evidence_note="x"
        )
        services.record_fact(
            actor=world.bob,
            disclosure=d,
            channel="village_point",
            village=world.village_a1,
            evidence_note="x",
        )


def test_ld1_register_and_public_page_queries_stay_flat(world, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    _many(world, 3)
    client = client_for(world.bob)
    anonymous = Client()
    urls = [
        (client, reverse("disclosures:list") + f"?commune={world.commune_a.pk}"),
        (
            client,
            reverse("disclosures:list") + f"?commune={world.commune_a.pk}&state=missed&year=2026",
        ),
        (anonymous, reverse("disclosures:public", args=[world.commune_a.pk])),
    ]
    counts = []
    for c, url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        counts.append(len(ctx))
    _many(world, 30)
    for (c, url), before in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(before):
            assert c.get(url).status_code == 200


def test_ld1_register_filters(world, item):  # type: ignore[no-untyped-def]
    enter(world, category=9, decided_on=DECIDED, title="Danh sách gọi nhập ngũ")
    client = client_for(world.alice)
    base = reverse("disclosures:list") + f"?commune={world.commune_a.pk}"
    assert "Danh sách gọi nhập ngũ" not in client.get(base + "&category=2").content.decode()
    assert item.title in client.get(base + "&category=2&year=2026&quarter=4").content.decode()
    assert item.title not in client.get(base + "&year=2026&quarter=3").content.decode()
    assert item.title not in client.get(base + "&state=met").content.decode()
    assert item.title in client.get(base + "&state=in_progress").content.decode()
    assert client.get(base + "&category=xx&year=abc&quarter=99&state=<b>").status_code == 200
    assert client.get(base + "&q=%00").status_code == 400  # the one NUL refusal, never a 500


def test_ld1_public_page_shows_only_what_is_public_and_folds_tones(world, item):  # type: ignore[no-untyped-def]
    hidden = enter(
        world, category=5, decided_on=DECIDED, title="Quỹ chưa đăng", note="ghi chú nội bộ"
    )
    url = reverse("disclosures:public", args=[world.commune_a.pk])
    page = Client().get(url).content.decode()
    assert item.title in page and hidden.title not in page and "ghi chú nội bộ" not in page
    assert item.title in Client().get(url + "?q=du+toan+ngan+sach").content.decode()
    assert item.title not in Client().get(url + "?q=nghĩa+vụ+quân+sự").content.decode()
    assert (
        Client()
        .get(reverse("disclosures:public_item", args=[world.commune_a.pk, hidden.pk]))
        .status_code
        == 404
    )
    file_url = reverse(
        "disclosures:public_file", args=[world.commune_a.pk, item.pk, item.files.get().pk]
    )
    assert Client().get(file_url).status_code == 200
    services.take_down(actor=world.bob, disclosure=item, reason="Hết thời hạn", on=None)
    # taken down today: still there on its last day, gone the day after
    assert item.title in Client().get(url).content.decode()


@pytest.mark.clock("2027-01-05 10:00")
def test_ld1_quarterly_list_is_issued_posted_and_public(world, clock):  # type: ignore[no-untyped-def]
    clock.move_to("2026-11-16 09:00")
    d = enter(world, category=2, decided_on=DECIDED, title="Dự toán ngân sách")
    services.record_fact(actor=world.bob, disclosure=d, channel="office_board", evidence_note="Ảnh")
    clock.move_to("2026-12-20 09:00")
    with pytest.raises(services.DisclosureError, match="chưa kết thúc"):
        services.issue_quarterly_list(
            actor=world.bob, commune=world.commune_a, year=2026, quarter=4
        )
    clock.move_to("2027-01-05 10:00")
    client = client_for(world.bob)
    response = client.post(
        reverse("disclosures:quarters"),
        {"commune": world.commune_a.pk, "year": 2026, "quarter": 4},
    )
    assert response.status_code == 302
    ql = QuarterlyList.objects.get()
    doc = ql.disclosure.document
    assert "/DS-" in doc.number and set(issuing.formats(doc)) == {"pdf", "xlsx"}
    assert doc.figures["ids"] == [d.pk]
    assert ql.disclosure.category == 14 and ql.disclosure.disclosed_on == dt.date(2027, 1, 5)
    public = Client().get(reverse("disclosures:public", args=[world.commune_a.pk])).content.decode()
    assert "Danh sách thông tin đã công khai quý 4/2026" in public
    xlsx = Client().get(
        reverse("disclosures:public_document", args=[world.commune_a.pk, ql.disclosure.pk, "xlsx"])
    )
    assert xlsx.status_code == 200 and b"".join(xlsx) == issuing.stored(doc, "xlsx")
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(issuing.stored(doc, "xlsx"))).active
    rows = [[str(c or "") for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["STT", "Nội dung công khai"]
    assert rows[1][1] == "Dự toán ngân sách" and rows[1][4] == "Niêm yết tại trụ sở"
    assert rows[1][5] == "Niêm yết tại trụ sở: 16/11/2026–nay"  # form and time (Art. 13.2)
    with pytest.raises(services.DisclosureError, match="đã được ban hành"):
        services.issue_quarterly_list(
            actor=world.bob, commune=world.commune_a, year=2026, quarter=4
        )
    assert (
        client_for(world.alice)
        .post(
            reverse("disclosures:quarters"),
            {"commune": world.commune_a.pk, "year": 2026, "quarter": 3},
        )
        .status_code
        == 403
    )


def test_ld1_report_to_the_next_regular_session(world, item):  # type: ignore[no-untyped-def]
    session = services.add_session(
        actor=world.bob, commune=world.commune_a, on=dt.date(2026, 12, 15), name="Kỳ họp thứ 11"
    )
    register = client_for(world.bob).get(
        reverse("disclosures:list") + f"?commune={world.commune_a.pk}"
    )
    assert "Kỳ họp thứ 11, 15/12/2026" in register.content.decode()
    response = client_for(world.bob).post(reverse("disclosures:session_report", args=[session.pk]))
    assert response.status_code == 302
    doc = issuing.current(session, services.COUNCIL_REPORT_KIND)
    assert doc is not None and "/BC-" in doc.number and doc.figures["items"] == 1
    steps = {
        s.session.pk: s
        for s in __import__("danchu.disclosures.selectors", fromlist=["x"]).report_steps(
            world.commune_a
        )
    }
    assert steps[session.pk].state == "met"
    pdf_url = reverse("disclosures:session_report_file", args=[session.pk, "pdf"])
    assert client_for(world.alice).get(pdf_url).status_code == 200
    assert client_for(world.carol).get(pdf_url).status_code == 403
    with pytest.raises(services.DisclosureError, match="báo cáo"):
        services.remove_session(actor=world.bob, session=session)


def test_ld1_bad_input_never_makes_a_500(world, item):  # type: ignore[no-untyped-def]
    client = client_for(world.bob)
    commune = world.commune_a.pk
    gets = [
        reverse("disclosures:list") + "?commune=²&category=٣&year=99999999&page=-1&quarter=x",
        reverse("disclosures:public", args=[commune]) + "?category=0&q=" + "a" * 5000 + "&page=zz",
        reverse("disclosures:public", args=[999999]),
        reverse("disclosures:document", args=[item.pk, "exe"]),
        reverse("disclosures:public_document", args=[commune, item.pk, "pdf"]),
        "/api/disclosures/?commune=²&page=abc",
        "/api/disclosures/?quarter=9",
    ]
    for url in gets:
        assert client.get(url).status_code < 500, url
    posts = [
        (
            reverse("disclosures:create"),
            {"commune": commune, "category": 1, "title": "x", "decided_on": "01/01/1800"},
        ),
        (
            reverse("disclosures:create"),
            {"commune": commune, "category": 99, "title": "\x01", "decided_on": "31/02/2026"},
        ),
        (
            reverse("disclosures:fact_new", args=[item.pk]),
            {"channel": "radio", "start": "9999-12-31"},
        ),
        (
            reverse("disclosures:fact_new", args=[item.pk]),
            {"channel": "office_board", "start": "1800-01-01", "evidence_note": "x"},
        ),
        (reverse("disclosures:take_down", args=[item.pk]), {"reason": "", "on": "2199-01-01"}),
        (reverse("disclosures:sessions"), {"commune": commune, "on": "x", "name": ""}),
        (reverse("disclosures:quarters"), {"commune": commune, "year": 2199, "quarter": 4}),
        (reverse("disclosures:quarters"), {"commune": commune, "year": 2026, "quarter": 5}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code < 500, (url, data)
    assert not Disclosure.objects.filter(title="x").exists()


def test_ld1_taken_down_items_leave_the_public_page_except_permanent_ones(world, clock):  # type: ignore[no-untyped-def]
    from danchu.disclosures import selectors

    fee = enter(world, category=12, decided_on=DECIDED, title="Mức thu phí chợ")
    procedures = enter(world, category=13, decided_on=DECIDED, title="Thủ tục hành chính của xã")
    for d in (fee, procedures):
        services.record_fact(
            actor=world.bob, disclosure=d, channel="public_page", evidence_note="x"
        )
        services.take_down(actor=world.bob, disclosure=d, reason="Thay bằng văn bản mới")
    assert set(selectors.public_items(world.commune_a)) == {fee, procedures}  # their last day
    clock.shift(dt.timedelta(days=1))
    assert list(selectors.public_items(world.commune_a)) == [procedures]
