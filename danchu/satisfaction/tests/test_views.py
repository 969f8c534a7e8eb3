"""Pages: the public rating flow on a phone, the office's pages, figures scoped to the unit, a
role × page matrix, flat query counts."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from danchu.satisfaction import services, views
from danchu.satisfaction.models import Comment, Matter, Rating
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _code(world: Any, office: Any, official: Any) -> str:
    _m, code = services.record_matter(
        actor=world.bob, office=office, procedure="Đăng ký khai sinh", official=official
    )
    return code


def test_ld10_public_rating_with_a_receipt_code_without_login(
    world: Any, office: Any, officials: Any
) -> None:
    code = _code(world, office, officials["lan"])
    client = Client()
    url = reverse("satisfaction:rate")
    page = client.get(url)
    assert page.status_code == 200 and b'data-code-from-hash="id_code"' in page.content
    opened = client.post(url, {"code": code.lower()})
    assert "Nguyễn Thị Lan" in opened.content.decode()
    done = client.post(
        url, {"code": code, "submit": "1", "level": "rat_hai_long", "comment": "Nhanh, chu đáo"}
    )
    assert done.status_code == 200
    assert "Đánh giá của bạn đã được ghi nhận" in done.content.decode()
    assert Rating.objects.get().level == "rat_hai_long"
    assert Comment.objects.get().text == "Nhanh, chu đáo"
    again = client.post(url, {"code": code})
    assert "đã được ghi nhận trước đó" in again.content.decode()


def test_ld10_public_rating_needs_a_level(world: Any, office: Any, officials: Any) -> None:
    code = _code(world, office, officials["lan"])
    response = Client().post(reverse("satisfaction:rate"), {"code": code, "submit": "1"})
    assert response.status_code == 200
    assert not Rating.objects.exists()


def test_ld10_bad_input_on_the_public_page_is_never_a_500(office: Any) -> None:
    client = Client()
    url = reverse("satisfaction:office_public", args=[office.public_key])
    for data in (
        {"level": "x"},
        {"level": "hai_long", "comment": "a\x00b"},
        {"level": "hai_long", "comment": "x" * 5000},
        {"code": "\x00"},
    ):
        assert client.post(url, data).status_code in {200, 400}
        assert client.post(reverse("satisfaction:rate"), data).status_code in {200, 400}
    assert not Rating.objects.exists()
    assert Client().get(reverse("satisfaction:office_public", args=["nope"])).status_code == 404


def test_ld10_office_code_rates_the_commune_and_shows_answers(world: Any, office: Any) -> None:
    client = Client()
    url = reverse("satisfaction:office_public", args=[office.public_key])
    assert (
        client.post(url, {"level": "khong_hai_long", "comment": "Thiếu ghế chờ"}).status_code == 200
    )
    comment = Comment.objects.get()
    services.answer_comment(actor=world.bob, comment=comment, answer="Đã bổ sung 10 ghế.")
    page = client.get(url).content.decode()
    assert "Thiếu ghế chờ" in page and "Đã bổ sung 10 ghế." in page
    services.rate_office(office=office, level="hai_long", comment="Số điện thoại riêng 0912…")
    hidden = Comment.objects.get(answered_on__isnull=True)
    services.answer_comment(actor=world.bob, comment=hidden, answer="Đã liên hệ.", published=False)
    assert "0912" not in client.get(url).content.decode()


def test_ld10_office_code_is_throttled_per_address(office: Any, settings: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = reverse("satisfaction:office_public", args=[office.public_key])
    for _ in range(views.OFFICE_RATINGS_PER_ADDRESS):
        assert client.post(url, {"level": "hai_long"}).status_code == 200
    refused = client.post(url, {"level": "hai_long"})
    assert refused.status_code == 429
    assert Rating.objects.count() == views.OFFICE_RATINGS_PER_ADDRESS
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.post(url, {"level": "hai_long"}).status_code == 200


def test_ld10_code_guessing_is_throttled_per_address(
    world: Any, office: Any, officials: Any
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("satisfaction:rate")
    good = [_code(world, office, officials["lan"]) for _ in range(3)]
    for code in good[:2]:  # residents sharing the office's Wi-Fi rate without using the quota
        client.post(url, {"code": code})
        client.post(url, {"code": code, "submit": "1", "level": "hai_long"})
    for _ in range(views.CODE_TRIES_PER_ADDRESS):
        assert client.post(url, {"code": "AAAAA-BBBBB"}).status_code == 200
    assert client.post(url, {"code": good[2]}).status_code == 429
    assert Rating.objects.count() == 2
    assert Client(REMOTE_ADDR="203.0.113.10").post(url, {"code": good[2]}).status_code == 200


def test_ld10_recording_a_matter_shows_the_receipt_once(
    world: Any, office: Any, officials: Any
) -> None:
    client = client_for(world.bob)
    response = client.post(
        reverse("satisfaction:matter_create", args=[office.pk]),
        {"procedure": "Chứng thực chữ ký", "official": officials["hung"].pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "data:image/svg+xml" in page and "2026-00001" in page
    code = re.search(r'name="code" value="([A-Z0-9-]+)"', page)
    assert code is not None
    slip = {
        "number": "2026-00001",
        "procedure": "Chứng thực chữ ký",
        "handled_on": "22/11/2026",
        "official": "Trần Văn Hùng",
        "code": code.group(1),
    }
    url = reverse("satisfaction:receipts_pdf", args=[office.pk])
    pdf = client.post(url, slip)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for(world.carol).post(url, slip).status_code == 404
    assert client.post(url, {**slip, "code": ["A", "B"]}).status_code == 400
    from django.contrib.sessions.models import Session

    assert not any(code.group(1) in str(x.get_decoded()) for x in Session.objects.all())
    assert Matter.objects.get().official == officials["hung"]


def test_ld10_a_matter_for_an_official_of_another_commune_is_refused(
    world: Any, office: Any, officials: Any
) -> None:
    response = client_for(world.bob).post(
        reverse("satisfaction:matter_create", args=[office.pk]),
        {"procedure": "Chứng thực chữ ký", "official": officials["mai"].pk},
    )
    assert response.status_code == 302
    assert not Matter.objects.exists()


def test_ld10_poster_is_a_pdf(world: Any, office: Any) -> None:
    response = client_for(world.bob).get(reverse("satisfaction:poster_pdf", args=[office.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_ld10_import_page_reports_each_row_in_vietnamese(
    world: Any, office: Any, officials: Any
) -> None:
    from danchu.dataio.exports import xlsx_bytes

    data = xlsx_bytes(
        "Hồ sơ",
        ["Thủ tục", "Người giải quyết", "Ngày giải quyết"],
        [["Khai sinh", "Ai Đó", "03/11/2026"], ["Khai tử", "Nguyễn Thị Lan", "32/11/2026"]],
    )
    upload = io.BytesIO(data)
    upload.name = "thang11.xlsx"
    client = client_for(world.bob)
    url = reverse("satisfaction:import", args=[office.pk])
    response = client.post(url, {"file": upload, "reason": "Nhập sổ"})
    page = response.content.decode()
    assert "Dòng 2, cột «Người giải quyết»" in page
    assert "Dòng 3, cột «Ngày giải quyết»" in page
    assert not Matter.objects.exists()
    good = io.BytesIO(
        xlsx_bytes(
            "Hồ sơ",
            ["Thủ tục", "Người giải quyết", "Ngày giải quyết"],
            [["Khai sinh", "Nguyễn Thị Lan", "03/11/2026"]],
        )
    )
    good.name = "thang11.xlsx"
    done = client.post(url, {"file": good, "reason": "Nhập sổ"})
    assert done.status_code == 200 and "data:image/svg+xml" in done.content.decode()
    assert Matter.objects.count() == 1
    example = client.get(reverse("satisfaction:import_example", args=[office.pk]))
    assert example.status_code == 200


def test_ld10_comments_answered_from_the_office_page(world: Any, office: Any) -> None:
    services.rate_office(office=office, level="hai_long", comment="Xin hướng dẫn thủ tục")
    comment = Comment.objects.get()
    client = client_for(world.bob)
    page = client.get(reverse("satisfaction:office", args=[office.pk])).content.decode()
    assert "Xin hướng dẫn thủ tục" in page
    response = client.post(
        reverse("satisfaction:comment_answer", args=[comment.pk]),
        {f"{comment.pk}-answer": "Xem bảng niêm yết", f"{comment.pk}-published": "on"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.answer == "Xem bảng niêm yết" and comment.published
    assert (
        client_for(world.alice)
        .post(
            reverse("satisfaction:comment_answer", args=[comment.pk]),
            {f"{comment.pk}-answer": "x"},
        )
        .status_code
        == 403
    )


def test_ld10_figures_scoped_to_the_unit(
    world: Any, office: Any, office_b: Any, officials: Any
) -> None:
    services.rate_with_code(code=_code(world, office, officials["lan"]), level="hai_long")
    services.rate_office(office=office_b, level="rat_khong_hai_long")
    bob = client_for(world.bob).get(reverse("satisfaction:figures")).content.decode()
    assert world.commune_a.name in bob and world.commune_b.name not in bob
    alice = client_for(world.alice).get(reverse("satisfaction:figures")).content.decode()
    assert world.commune_a.name in alice and world.commune_b.name in alice
    detail = client_for(world.alice).get(
        reverse("satisfaction:commune_figures", args=[world.commune_a.pk])
    )
    assert "Nguyễn Thị Lan" in detail.content.decode() and "100,00%" in detail.content.decode()
    assert (
        client_for(world.carol)
        .get(reverse("satisfaction:commune_figures", args=[world.commune_a.pk]))
        .status_code
        == 404
    )


def test_ld10_xlsx_export_per_office_and_official(
    world: Any, office: Any, office_b: Any, officials: Any
) -> None:
    for level in ("hai_long", "khong_hai_long", "rat_hai_long"):
        services.rate_with_code(code=_code(world, office, officials["lan"]), level=level)
    services.rate_office(office=office_b, level="hai_long")
    response = client_for(world.bob).get(reverse("satisfaction:figures_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Xã" and rows[0][-1] == "Tỷ lệ hài lòng"
    communes = {r[0] for r in rows[1:]}
    assert communes == {world.commune_a.name}
    lan = next(r for r in rows if r[1] == "Nguyễn Thị Lan")
    assert lan[3:8] == [1, 1, 1, 0, 3]
    assert float(lan[8]) == pytest.approx(0.6667)


def _many(world: Any, office: Any, officials: Any, n: int) -> None:
    for i in range(n):
        services.rate_with_code(
            code=_code(world, office, officials["lan" if i % 2 else "hung"]),
            level="hai_long" if i % 3 else "khong_hai_long",
        )
        services.rate_office(office=office, level="hai_long", comment=f"Góp ý {i}")


@pytest.mark.parametrize(
    "name", ["index", "figures", "figures_xlsx", "office", "commune_figures", "office_public"]
)
def test_ld10_pages_query_count_stays_flat(
    world: Any, office: Any, officials: Any, name: str, django_assert_max_num_queries: Any
) -> None:
    args: dict[str, list[Any]] = {
        "office": [office.pk],
        "commune_figures": [world.commune_a.pk],
        "office_public": [office.public_key],
    }
    url = reverse(f"satisfaction:{name}", args=args.get(name, []))
    client = client_for(world.bob) if name != "office_public" else Client()
    _many(world, office, officials, 2)
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    _many(world, office, officials, 12)
    for i in range(5):
        services.create_office(actor=world.bob, commune=world.commune_a, name=f"Điểm {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# Role × page matrix: who gets what (200 page, 403 refused, 404 not even shown, 302 to login).
MATRIX = {
    # page: (anonymous, dave no role, bob officer of A, carol officer of B, alice province)
    "index": (302, 403, 200, 200, 200),
    "figures": (302, 403, 200, 200, 200),
    "figures_xlsx": (302, 403, 200, 200, 200),
    "office": (302, 404, 200, 404, 200),
    "poster_pdf": (302, 404, 200, 404, 200),
    "import": (302, 404, 200, 404, 403),
    "import_example": (302, 404, 200, 404, 403),
    "commune_figures": (302, 404, 200, 404, 200),
    "rate": (200, 200, 200, 200, 200),
    "office_public": (200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_ld10_role_page_matrix(world: Any, office: Any, page: str) -> None:
    args: dict[str, list[Any]] = {
        "office": [office.pk],
        "poster_pdf": [office.pk],
        "import": [office.pk],
        "import_example": [office.pk],
        "commune_figures": [world.commune_a.pk],
        "office_public": [office.public_key],
    }
    url = reverse(f"satisfaction:{page}", args=args.get(page, []))
    clients = (
        Client(),
        client_for(world.dave),
        client_for(world.bob),
        client_for(world.carol),
        client_for(world.alice),
    )
    got = tuple(c.get(url).status_code for c in clients)
    assert got == MATRIX[page]


def test_ld10_only_the_commune_records_matters_and_creates_offices(
    world: Any, office: Any, officials: Any
) -> None:
    data = {"procedure": "Khai sinh", "official": officials["lan"].pk}
    url = reverse("satisfaction:matter_create", args=[office.pk])
    assert client_for(world.alice).post(url, data).status_code == 403
    assert client_for(world.carol).post(url, data).status_code == 404
    assert client_for(world.dave).post(url, data).status_code == 404
    assert not Matter.objects.exists()
    create = reverse("satisfaction:office_create")
    assert (
        client_for(world.alice)
        .post(create, {"commune": world.commune_a.pk, "name": "X"})
        .status_code
        == 403
    )
    response = client_for(world.bob).post(
        create, {"commune": world.commune_a.pk, "name": "Công an xã"}
    )
    assert response.status_code == 302
    assert (
        client_for(world.bob).post(create, {"commune": world.commune_b.pk, "name": "Y"}).status_code
        == 302
    )
    from danchu.satisfaction.models import Office

    assert not Office.objects.filter(commune=world.commune_b).exists()


@pytest.mark.clock("2026-12-31 23:50")
def test_ld10_rating_on_new_years_eve_counts_in_december(world: Any, office: Any) -> None:
    services.rate_office(office=office, level="hai_long")
    assert Rating.objects.get().month == dt.date(2026, 12, 1)


def test_ld10_year_line_for_the_gr_self_assessment(world: Any, office: Any) -> None:
    from django.template import Context, Template

    for level in ("hai_long", "hai_long", "khong_hai_long"):
        services.rate_office(office=office, level=level)
    html = Template("{% load satisfaction %}{% satisfaction_year c 2026 %}").render(
        Context({"c": world.commune_a})
    )
    assert "66,67%" in html and "3" in html
    assert reverse("satisfaction:commune_figures", args=[world.commune_a.pk]) in html


def test_ld10_a_rating_writes_no_log_line(caplog: Any, world: Any, office: Any) -> None:
    """The rating paths are anonymous: a 404 of a wrong office key or a 429 leaves no line."""
    import logging

    from danchu.web.logging import is_anonymous_path

    assert is_anonymous_path(reverse("satisfaction:rate"))
    assert is_anonymous_path(reverse("satisfaction:office_public", args=[office.public_key]))
    with caplog.at_level(logging.INFO):
        assert Client().get("/satisfaction/rate/no-such-key/").status_code == 404
        Client().post(
            reverse("satisfaction:office_public", args=[office.public_key]), {"level": "hai_long"}
        )
        Client().get("/no-such-page/")
    messages = [rec.getMessage() for rec in caplog.records]
    assert not [m for m in messages if "/satisfaction/rate/" in m]
    assert [m for m in messages if "/no-such-page/" in m]


def test_ld10_bad_input_on_the_office_pages_is_never_a_500(
    world: Any, office: Any, officials: Any
) -> None:
    import uuid

    client = client_for(world.bob)
    matter = reverse("satisfaction:matter_create", args=[office.pk])
    for data in (
        {"procedure": "a\x00b", "official": officials["lan"].pk},
        {"procedure": "x" * 5000, "official": officials["lan"].pk},
        {"procedure": "Khai sinh", "official": "abc"},
        {"procedure": "Khai sinh", "official": officials["lan"].pk, "handled_on": "31/02/2026"},
        {"procedure": "Khai sinh", "official": officials["lan"].pk, "handled_on": "01/01/1900"},
    ):
        assert client.post(matter, data).status_code in {302, 400}  # 400: NUL refused upstream
    assert not Matter.objects.exists()
    upload = io.BytesIO(b"\x00\x01 not a spreadsheet")
    upload.name = "so.xlsx"
    response = client.post(
        reverse("satisfaction:import", args=[office.pk]), {"file": upload, "reason": "x"}
    )
    assert response.status_code == 200
    assert (
        client.post(
            reverse("satisfaction:comment_answer", args=[uuid.uuid4()]), {"x-answer": "a"}
        ).status_code
        == 404
    )
    services.rate_office(office=office, level="hai_long", comment="Hỏi")
    comment = Comment.objects.get()
    assert client.post(
        reverse("satisfaction:comment_answer", args=[comment.pk]),
        {f"{comment.pk}-answer": "a\x00"},
    ).status_code in {302, 400}
    for query in ("?year=abc&month=13", "?year=99999&month=-1", "?page=zz"):
        assert client.get(reverse("satisfaction:figures") + query).status_code == 200
        assert (
            client.get(reverse("satisfaction:office", args=[office.pk]) + query).status_code == 200
        )


def test_ld10_office_stopped_from_its_page(world: Any, office: Any) -> None:
    url = reverse("satisfaction:office_active", args=[office.pk])
    assert client_for(world.alice).post(url, {"active": "0"}).status_code == 403
    assert client_for(world.bob).post(url, {"active": "0"}).status_code == 302
    public = Client().get(reverse("satisfaction:office_public", args=[office.public_key]))
    assert "Nơi tiếp nhận này đã ngừng nhận đánh giá." in public.content.decode()
    assert 'name="level"' not in public.content.decode()
