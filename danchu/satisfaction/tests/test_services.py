"""LD10 services: matters and receipts, one rating per matter, anonymity, comments answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from danchu.audit.models import AuditEntry
from danchu.dataio.exports import xlsx_bytes
from danchu.dataio.imports import open_bytes
from danchu.satisfaction import rules, selectors, services
from danchu.satisfaction.models import Comment, Matter, Rating, RatingCode

pytestmark = pytest.mark.django_db


def _matter(world: Any, office: Any, official: Any, **kw: Any) -> tuple[Any, str]:
    return services.record_matter(
        actor=world.bob, office=office, procedure="Chứng thực bản sao", official=official, **kw
    )


def test_ld10_recording_a_matter_issues_a_receipt_code_and_an_audit_entry(
    world: Any, office: Any, officials: Any
) -> None:
    matter, code = _matter(world, office, officials["lan"])
    assert matter.number == "2026-00001"
    assert matter.handled_on == dt.date(2026, 11, 22)
    assert len(rules.normalise_code(code)) == services.CODE_LENGTH
    stored = RatingCode.objects.get()
    assert stored.code_hash != code and code not in stored.code_hash
    assert stored.valid_until == dt.date(2026, 12, 31)
    assert AuditEntry.objects.filter(action="satisfaction.matter.recorded").count() == 1
    second, _code = _matter(world, office, officials["hung"])
    assert second.number == "2026-00002"


def test_ld10_the_stored_code_does_not_point_to_the_matter(
    world: Any, office: Any, officials: Any
) -> None:
    _matter(world, office, officials["lan"])
    names = {f.name for f in RatingCode._meta.get_fields()}
    assert "matter" not in names
    assert {f.name for f in Rating._meta.get_fields()}.isdisjoint(
        {"matter", "code", "created_at", "day", "person", "user"}
    )


def test_ld10_official_must_hold_a_post_in_the_commune(
    world: Any, office: Any, officials: Any
) -> None:
    with pytest.raises(services.SatisfactionError, match="không giữ chức vụ"):
        _matter(world, office, officials["mai"])
    assert not Matter.objects.exists()


def test_ld10_a_backdated_matter_needs_a_reason_and_evidence(
    world: Any, office: Any, officials: Any
) -> None:
    with pytest.raises(services.SatisfactionError) as refused:
        _matter(world, office, officials["lan"], handled_on=dt.date(2026, 11, 20))
    assert len(refused.value.problems) == 2
    with pytest.raises(services.SatisfactionError, match="chưa đến"):
        _matter(world, office, officials["lan"], handled_on=dt.date(2026, 11, 23))
    evidence = SimpleUploadedFile("so.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    matter, _code = _matter(
        world,
        office,
        officials["lan"],
        handled_on=dt.date(2026, 11, 20),
        reason="Ghi bù sau khi mất điện",
        evidence=evidence,
    )
    assert matter.backdated and matter.backdate_reason == "Ghi bù sau khi mất điện"


def test_ld10_one_rating_per_matter(world: Any, office: Any, officials: Any) -> None:
    _m, code = _matter(world, office, officials["lan"])
    services.rate_with_code(code=code, level="hai_long")
    with pytest.raises(services.SatisfactionError, match="đã được ghi nhận"):
        services.rate_with_code(code=code.lower(), level="rat_hai_long")
    assert Rating.objects.count() == 1
    rating = Rating.objects.get()
    assert rating.official == officials["lan"]
    assert rating.month == dt.date(2026, 11, 1)


def test_ld10_unknown_code_is_refused(world: Any, office: Any) -> None:
    with pytest.raises(services.SatisfactionError, match="Mã không đúng"):
        services.rate_with_code(code="AAAAA-BBBBB", level="hai_long")
    assert not Rating.objects.exists()


def test_ld10_expired_code_is_refused(world: Any, office: Any, officials: Any, clock: Any) -> None:
    _m, code = _matter(world, office, officials["lan"])
    clock.move_to(dt.datetime(2027, 1, 1, 9, 0))
    with pytest.raises(services.SatisfactionError, match="hết hạn"):
        services.rate_with_code(code=code, level="hai_long")


def test_ld10_a_level_must_be_chosen(world: Any, office: Any, officials: Any) -> None:
    _m, code = _matter(world, office, officials["lan"])
    with pytest.raises(services.SatisfactionError, match="mức đánh giá"):
        services.rate_with_code(code=code, level="binh_thuong")
    assert RatingCode.objects.get().used is False


def test_ld10_general_rating_from_the_office_code_has_no_official(office: Any) -> None:
    services.rate_office(office=office, level="khong_hai_long", comment="Phòng chờ thiếu ghế.")
    rating = Rating.objects.get()
    assert rating.official is None
    comment = Comment.objects.get()
    assert comment.week == dt.date(2026, 11, 16)
    # 23, 25, 26, 27 and 30/11 (24/11, Vietnamese Culture Day, is off in the legal calendar).
    assert comment.due == dt.date(2026, 11, 30)
    assert AuditEntry.objects.filter(action__startswith="satisfaction.rating").count() == 0


def test_ld10_a_rating_leaves_no_day_or_time_in_the_database(
    world: Any, office: Any, officials: Any
) -> None:
    _m, code = _matter(world, office, officials["lan"])
    services.rate_with_code(code=code, level="rat_hai_long", comment="Cán bộ nhiệt tình")
    with connection.cursor() as cursor:
        for table in (Rating._meta.db_table, Comment._meta.db_table, RatingCode._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row)
                assert "2026-11-22" not in text and "22/11" not in text
                assert "09:" not in text


def test_ld10_comment_text_is_cleaned_and_refused_when_bad(office: Any) -> None:
    with pytest.raises(services.SatisfactionError, match="Góp ý"):
        services.rate_office(office=office, level="hai_long", comment="xin\x00chào")
    assert not Rating.objects.exists()
    services.rate_office(office=office, level="hai_long", comment="  ")
    assert not Comment.objects.exists()


def test_ld10_answer_on_time_and_late(world: Any, office: Any, clock: Any) -> None:
    services.rate_office(office=office, level="hai_long", comment="Giờ làm việc?")
    comment = Comment.objects.get()
    services.answer_comment(actor=world.bob, comment=comment, answer="Từ 7h30 đến 17h.")
    comment.refresh_from_db()
    assert comment.state(dt.date(2026, 11, 22)) is rules.AnswerState.ON_TIME
    services.rate_office(office=office, level="hai_long", comment="Có chỗ gửi xe không?")
    late = Comment.objects.get(answered_on__isnull=True)
    clock.move_to(dt.datetime(2026, 12, 1, 9, 0))
    services.answer_comment(actor=world.bob, comment=late, answer="Có, phía sau trụ sở.")
    late.refresh_from_db()
    assert late.answered_on == dt.date(2026, 12, 1)
    assert late.state(dt.date(2026, 12, 1)) is rules.AnswerState.LATE
    counts = selectors.comment_counts(office, dt.date(2026, 12, 1))
    assert (counts.answered, counts.late, counts.waiting, counts.overdue) == (2, 1, 0, 0)
    entry = AuditEntry.objects.filter(action="satisfaction.comment.answered").order_by("seq").last()
    assert entry is not None and entry.changes["late"] is True


def test_ld10_empty_answer_is_refused(world: Any, office: Any) -> None:
    services.rate_office(office=office, level="hai_long", comment="Hỏi")
    with pytest.raises(services.SatisfactionError):
        services.answer_comment(actor=world.bob, comment=Comment.objects.get(), answer=" ")


def test_ld10_monthly_figures_per_office_and_official(
    world: Any, office: Any, officials: Any
) -> None:
    second = services.create_office(actor=world.bob, commune=world.commune_a, name="Công an xã")
    for level in ("rat_hai_long", "hai_long", "khong_hai_long"):
        _m, code = _matter(world, office, officials["lan"])
        services.rate_with_code(code=code, level=level)
    _m, code = _matter(world, second, officials["hung"])
    services.rate_with_code(code=code, level="rat_khong_hai_long")
    services.rate_office(office=office, level="hai_long")
    data = selectors.monthly_figures(world.commune_a, 2026, 11)
    by_office = {line.label: line.figures for line in data.offices}
    assert by_office["Bộ phận Một cửa"].total == 4
    assert by_office["Bộ phận Một cửa"].rate == rules.Fraction(3, 4)
    assert by_office["Công an xã"].rate == 0
    by_official = {line.label: line.figures for line in data.officials}
    assert by_official["Nguyễn Thị Lan"].rate == rules.Fraction(2, 3)
    assert by_official["Trần Văn Hùng"].total == 1
    assert data.general.total == 1
    assert data.total.total == 5
    year = selectors.yearly_rate(world.commune_a, 2026)
    assert year.rate == rules.Fraction(3, 5)
    assert selectors.yearly_rate(world.commune_a, 2025).rate is None
    assert selectors.monthly_figures(world.commune_b, 2026, 11).total.total == 0


def _register(rows: list[list[Any]]) -> Any:
    data = xlsx_bytes("Hồ sơ", ["Thủ tục", "Người giải quyết", "Ngày giải quyết"], rows)
    return open_bytes(data, "thang-11.xlsx")


def test_ld10_import_a_month_checks_the_whole_file_first(
    world: Any, office: Any, officials: Any
) -> None:
    source = _register(
        [
            ["Đăng ký khai sinh", "Nguyễn Thị Lan", dt.date(2026, 11, 3)],
            ["Chứng thực", "Người Lạ", dt.date(2026, 11, 4)],
            ["Chứng thực", "Trần Văn Hùng", dt.date(2026, 11, 31 - 1)],
            ["", "Trần Văn Hùng", "05/11/2026"],
        ]
    )
    outcome = services.import_matters(actor=world.bob, office=office, source=source, reason="Sổ")
    assert not outcome.ok
    messages = [str(e) for e in outcome.result.sorted_errors()]
    assert any(m.startswith("Dòng 3, cột «Người giải quyết»") for m in messages)
    assert any("chưa đến" in m and m.startswith("Dòng 4") for m in messages)
    assert any(m.startswith("Dòng 5, cột «Thủ tục»") for m in messages)
    assert not Matter.objects.exists() and not RatingCode.objects.exists()


def test_ld10_import_a_month_records_all_with_codes(
    world: Any, office: Any, officials: Any
) -> None:
    source = _register(
        [
            ["Đăng ký khai sinh", "nguyen thi lan", dt.date(2026, 11, 3)],
            ["Chứng thực", "Trần Văn Hùng", "04/11/2026"],
        ]
    )
    outcome = services.import_matters(
        actor=world.bob, office=office, source=source, reason="Nhập sổ tháng 11"
    )
    assert outcome.ok, outcome.result.sorted_errors()
    assert [m.number for m, _c in outcome.receipts] == ["2026-00001", "2026-00002"]
    assert Matter.objects.filter(backdate_reason="Nhập sổ tháng 11").count() == 2
    entry = AuditEntry.objects.get(action="satisfaction.matters.imported")
    assert entry.changes["count"] == 2 and len(entry.changes["sha256"]) == 64
    code = outcome.receipts[1][1]
    services.rate_with_code(code=code, level="hai_long")
    assert Rating.objects.get().official == officials["hung"]


def test_ld10_import_needs_a_reason(world: Any, office: Any, officials: Any) -> None:
    source = _register([["Đăng ký khai sinh", "Nguyễn Thị Lan", dt.date(2026, 11, 3)]])
    outcome = services.import_matters(actor=world.bob, office=office, source=source, reason="")
    assert not outcome.ok
    assert "lý do" in str(outcome.result.errors[0])


def test_ld10_a_stopped_office_takes_no_rating_and_no_matter(
    world: Any, office: Any, officials: Any
) -> None:
    _m, code = _matter(world, office, officials["lan"])
    services.set_office_active(actor=world.bob, office=office, active=False)
    office.refresh_from_db()
    with pytest.raises(services.SatisfactionError, match="ngừng"):
        services.rate_office(office=office, level="hai_long")
    with pytest.raises(services.SatisfactionError, match="ngừng"):
        _matter(world, office, officials["lan"])
    services.rate_with_code(code=code, level="hai_long")  # a receipt already given still rates
    assert AuditEntry.objects.filter(action="satisfaction.office.stopped").count() == 1
    services.set_office_active(actor=world.bob, office=office, active=True)
    office.refresh_from_db()
    services.rate_office(office=office, level="hai_long")
    assert Rating.objects.count() == 2


def test_ld10_home_shows_comments_to_answer_to_those_who_run_the_office(
    world: Any, office: Any, clock: Any
) -> None:
    from danchu.satisfaction.home import home_items

    services.rate_office(office=office, level="hai_long", comment="Hỏi giờ làm việc")
    services.rate_office(office=office, level="hai_long", comment="Hỏi lệ phí")
    (item,) = home_items(world.bob)
    assert item.rule == "LD10" and item.due == dt.date(2026, 11, 30) and not item.late
    assert "2" in item.title
    assert home_items(world.alice) == [] and home_items(world.carol) == []
    clock.move_to(dt.datetime(2026, 12, 1, 9, 0))
    assert home_items(world.bob)[0].late
