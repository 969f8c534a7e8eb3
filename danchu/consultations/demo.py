"""Demo consultations in Xã Đăk Rve, built through the services (idempotent, dates relative to
the demo's today):

1. the People's Committee's democracy regulation, open for citizens' opinions now (seed 003);
2. the commune agency's own regulation, consulted with staff through the union's chat group,
   issued, with one channel published late (DC5) and the union's aggregate one day late (DC7);
3. a land-use plan adjustment (LD8) adopted against the majority of opinions, with the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.accounts.models import Role
from danchu.consultations import services
from danchu.consultations.models import (
    AnswerKind,
    Audience,
    Body,
    Channel,
    Consultation,
    Form,
    MatterKind,
    Outcome,
    Phase,
    Scope,
    Source,
    Stance,
)
from danchu.units.models import AgencyKind

REGULATION_TEXT = """QUY CHẾ THỰC HIỆN DÂN CHỦ TRONG HOẠT ĐỘNG CỦA ỦY BAN NHÂN DÂN XÃ ĐĂK RVE
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định nội dung, hình thức thực hiện dân chủ trong hoạt động của UBND xã.
Điều 2. Đối tượng áp dụng
1. Ủy ban nhân dân xã, Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân xã.
2. Cán bộ, công chức xã; người hoạt động không chuyên trách ở xã và thôn.
3. Nhân dân cư trú trên địa bàn xã.
Chương II
NHỮNG NỘI DUNG CÔNG KHAI
Điều 3. Nội dung công khai
1. Kế hoạch phát triển kinh tế - xã hội hằng năm của xã.
2. Dự toán, quyết toán ngân sách xã; các khoản đóng góp của Nhân dân.
3. Thủ tục hành chính giải quyết tại xã.
Điều 4. Hình thức và thời điểm công khai
1. Niêm yết tại trụ sở Ủy ban nhân dân xã và nhà văn hóa thôn ít nhất 30 ngày liên tục.
2. Thông báo trên hệ thống truyền thanh của xã ít nhất 03 ngày liên tục.
3. Đăng tải trên phần mềm quản trị thông tin quy chế dân chủ.
Chương III
NHÂN DÂN THAM GIA Ý KIẾN
Điều 5. Những nội dung Nhân dân tham gia ý kiến
1. Dự thảo kế hoạch phát triển kinh tế - xã hội của xã.
2. Dự thảo quy hoạch, kế hoạch sử dụng đất.
Điều 6. Tiếp thu, giải trình ý kiến
Ủy ban nhân dân xã tổng hợp, tiếp thu, giải trình đầy đủ ý kiến của Nhân dân và công khai kết quả.
"""

AGENCY_TEXT = """QUY CHẾ THỰC HIỆN DÂN CHỦ TRONG HOẠT ĐỘNG CỦA CƠ QUAN XÃ ĐĂK RVE
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc thực hiện dân chủ trong hoạt động của cơ quan xã.
Điều 2. Công khai thông tin trong cơ quan
1. Kế hoạch công tác năm của cơ quan.
2. Kinh phí hoạt động, chế độ, chính sách của cán bộ, công chức.
Điều 3. Hội nghị cán bộ, công chức, người lao động
Hội nghị được tổ chức mỗi năm một lần vào tháng 12.
"""

LAND_TEXT = """PHƯƠNG ÁN ĐIỀU CHỈNH QUY HOẠCH SỬ DỤNG ĐẤT XÃ ĐĂK RVE
Điều 1. Chuyển mục đích sử dụng đất
1. Chuyển 2,5 ha đất trồng cây hằng năm tại Thôn 1 sang đất xây dựng trường học.
Điều 2. Bồi thường, hỗ trợ
Các hộ có đất bị thu hồi được bồi thường theo quy định của pháp luật về đất đai.
"""

SLUG_OPEN = "dak-rve-quy-che-dan-chu-ubnd"
SLUG_AGENCY = "dak-rve-quy-che-dan-chu-co-quan"
SLUG_LAND = "dak-rve-dieu-chinh-quy-hoach-dat"


def _day(demo: Any, n: int) -> dt.date:
    return demo.today + dt.timedelta(days=n)


def _base(demo: Any, actor: Any, slug: str, title: str, scope: str, matter: str, text: str):  # type: ignore[no-untyped-def]
    commune = demo.communes[0]
    c = services.create_consultation(
        actor=actor,
        unit=commune,
        issuer=demo.agency(commune, AgencyKind.UBND),
        title=title,
        scope=scope,
        matter=matter,
        slug=slug,
    )
    services.add_version(actor=actor, consultation=c, text=text, note="Dự thảo lần 1")
    return c


CITIZEN_GATHERINGS: list[tuple[str, str]] = [
    (Body.COUNCIL, Form.CONFERENCE),
    (Body.FRONT, Form.CONFERENCE),
    (Body.COMMITTEE, Form.PUBLIC_PAGE),
]


def _plan(
    actor: Any,
    c: Consultation,
    number: str,
    plan_date: dt.date,
    published: dt.date,
    window_end: dt.date,
    gatherings: list[tuple[str, str]] = CITIZEN_GATHERINGS,
) -> None:
    """The plan (number, date, publication day) and its one audience (DC1, DC2)."""
    services.set_plan(
        actor=actor,
        consultation=c,
        plan_number=number,
        plan_date=plan_date,
        content_published_on=published,
    )
    services.set_audience(
        actor=actor,
        consultation=c,
        audience=Audience.CITIZENS if c.scope == Scope.COMMUNE else Audience.STAFF,
        gatherings=gatherings,
        window_start=published,
        window_end=window_end,
    )


def _evidence(what: str) -> SimpleUploadedFile:
    text = f"Biên bản xác nhận: {what}. (Tệp minh họa của dữ liệu trình diễn.)"
    return SimpleUploadedFile("bien-ban-xac-nhan.txt", text.encode(), "text/plain")


BACKDATED = "Dữ liệu minh họa: việc đã diễn ra trước khi nhập vào hệ thống."
"""Every demo day is in the past, so each is back-dated with this reason and a small file."""


def _backdated(what: str = "minh họa") -> dict[str, Any]:
    return {"backdate_reason": BACKDATED, "backdate_evidence": _evidence(what)}


def _publish_plan(demo: Any, actor: Any, c: Consultation, start: dt.date, *, skip: int) -> None:
    """DC3: every channel, each village but the one at index ``skip`` (flagged)."""
    common = {"actor": actor, "consultation": c, "phase": Phase.PLAN}
    services.record_publication(
        **common,
        backdate_reason=BACKDATED,
        channel=Channel.RADIO,
        start=start,
        end=start + dt.timedelta(days=2),
        note="Đài truyền thanh xã, 3 buổi sáng",
        evidence=_evidence("phát trên đài truyền thanh xã"),
    )
    services.record_publication(
        **common,
        backdate_reason=BACKDATED,
        channel=Channel.POSTING_OFFICE,
        start=start,
        end=start + dt.timedelta(days=29),
        evidence=_evidence("niêm yết tại trụ sở"),
    )
    services.record_publication(
        **common,
        backdate_reason=BACKDATED,
        channel=Channel.SOFTWARE,
        start=start,
        evidence=_evidence("đăng trên phần mềm"),
    )
    for i, village in enumerate(demo.villages[c.unit.code]):
        if i == skip:
            continue
        for channel in (Channel.POSTING_VILLAGE, Channel.VILLAGE_HEAD):
            services.record_publication(
                **common,
                backdate_reason=BACKDATED,
                channel=channel,
                village=village,
                start=start,
                end=start + dt.timedelta(days=29),
                evidence=_evidence(f"{village.name}"),
            )


def _open_consultation(demo: Any, officer: Any, council: Any, front: Any) -> Consultation:
    c = _base(
        demo,
        officer,
        SLUG_OPEN,
        "Dự thảo Quy chế thực hiện dân chủ trong hoạt động của Ủy ban nhân dân xã Đăk Rve",
        Scope.COMMUNE,
        MatterKind.DEMOCRACY_REGULATION,
        REGULATION_TEXT,
    )
    published = _day(demo, -6)
    window_end = published + dt.timedelta(days=21)
    _plan(officer, c, "15/KH-UBND", _day(demo, -8), published, window_end)
    services.set_send_due(
        actor=officer, consultation=c, body=Body.COUNCIL, due=window_end + dt.timedelta(days=5)
    )
    services.set_send_due(
        actor=officer, consultation=c, body=Body.FRONT, due=window_end + dt.timedelta(days=5)
    )
    services.publish_consultation(actor=officer, consultation=c)
    _publish_plan(demo, officer, c, published, skip=4)  # Thôn 5 not reached: flagged (DC3)
    for text, art, who in [
        ("Đề nghị bổ sung công khai các khoản hỗ trợ hộ nghèo vào Điều 3.", "3", "Y Nhung"),
        ("Đề nghị bổ sung công khai khoản hỗ trợ hộ nghèo tại Điều 3", "3", ""),
        ("Nên thông báo trên nhóm Zalo của thôn ngoài loa truyền thanh.", "4", "A Tuấn"),
    ]:
        services.submit_public_opinion(
            consultation=c,
            text=text,
            article_number=art,
            author_name=who,
            today=published + dt.timedelta(days=2),
        )
    services.enter_opinion(
        actor=front,
        consultation=c,
        source=Source.FRONT_CONFERENCE,
        source_detail="Hội nghị Thôn 2",
        received_on=published + dt.timedelta(days=3),
        today=demo.today,
        article_number="5",
        text="Đề nghị bổ sung việc lấy ý kiến về mức đóng góp xây dựng đường thôn.",
        **_backdated(),
    )
    services.enter_opinion(
        actor=council,
        consultation=c,
        source=Source.COUNCIL_CONFERENCE,
        source_detail="Tiếp xúc cử tri Thôn 1",
        received_on=published + dt.timedelta(days=4),
        today=demo.today,
        article_number="",
        stance=Stance.SUPPORT,
        text="Cử tri nhất trí với dự thảo.",
        **_backdated(),
    )
    abusive = services.submit_public_opinion(
        consultation=c,
        text="Cán bộ xã toàn người ăn hại, góp ý cũng vô ích!!!",
        today=published + dt.timedelta(days=4),
    )
    services.hide_opinion(
        actor=officer,
        opinion=abusive,
        reason="Lời lẽ xúc phạm cán bộ, không góp ý nội dung dự thảo.",
    )
    first = c.opinions.filter(text__startswith="Đề nghị bổ sung công khai các khoản").first()
    if first is not None:
        services.answer_opinions(
            actor=officer,
            opinions=[first],
            kind=AnswerKind.ACCEPT,
            text="Bổ sung khoản 4 Điều 3: các khoản hỗ trợ hộ nghèo, hộ cận nghèo.",
            article="3",
        )
    return c


def _agency_consultation(demo: Any, officer: Any, union: Any) -> Consultation:
    c = _base(
        demo,
        officer,
        SLUG_AGENCY,
        "Dự thảo Quy chế thực hiện dân chủ trong hoạt động của cơ quan xã Đăk Rve",
        Scope.AGENCY,
        MatterKind.DEMOCRACY_REGULATION,
        AGENCY_TEXT,
    )
    published = _day(demo, -45)
    window_end = _day(demo, -33)
    _plan(
        officer,
        c,
        "16/KH-UBND",
        published,
        published,
        window_end,
        [(Body.UNION, Form.CHAT_GROUP), (Body.UNION, Form.STAFF_CONFERENCE)],
    )
    send = services.set_send_due(
        actor=officer, consultation=c, body=Body.UNION, due=window_end + dt.timedelta(days=2)
    )
    services.publish_consultation(actor=officer, consultation=c)
    for text, art in [
        ("Đề nghị công khai cả kết quả đánh giá, xếp loại cán bộ cuối năm.", "2"),
        ("Hội nghị nên tổ chức vào tháng 01 để tổng kết cả năm.", "3"),
    ]:
        services.enter_opinion(
            actor=union,
            consultation=c,
            source=Source.UNION_CHAT,
            source_detail="Nhóm Zalo Công đoàn cơ sở",
            received_on=published + dt.timedelta(days=4),
            today=demo.today,
            article_number=art,
            text=text,
            **_backdated(),
        )
    services.record_send(
        actor=union,
        send=send,
        sent_on=window_end + dt.timedelta(days=3),
        today=demo.today,
        document_number="05/BC-CĐ",
        backdate_reason=BACKDATED,
        evidence=_evidence("công văn"),
    )  # one day late (DC7)
    # Opinion ids are random (anonymity): pick them by their text.
    o2 = c.opinions.get(text__startswith="Hội nghị nên tổ chức")
    o1 = c.opinions.exclude(pk=o2.pk).get()
    services.answer_opinions(
        actor=officer,
        opinions=[o1],
        kind=AnswerKind.ACCEPT,
        text="Bổ sung khoản 3 Điều 2: kết quả đánh giá, xếp loại cán bộ, công chức.",
        article="2",
    )
    services.answer_opinions(
        actor=officer,
        opinions=[o2],
        kind=AnswerKind.EXPLAIN,
        text="Tháng 12 là thời điểm theo hướng dẫn của cấp trên để kịp xây dựng kế hoạch năm sau.",
    )
    services.add_version(
        actor=officer,
        consultation=c,
        text=AGENCY_TEXT.replace(
            "2. Kinh phí hoạt động, chế độ, chính sách của cán bộ, công chức.",
            "2. Kinh phí hoạt động, chế độ, chính sách của cán bộ, công chức.\n"
            "3. Kết quả đánh giá, xếp loại cán bộ, công chức.",
        ),
        note="Tiếp thu ý kiến của Công đoàn",
    )
    services.publish_summary(
        actor=officer, consultation=c, on=_day(demo, -29), today=demo.today, **_backdated()
    )
    issued = _day(demo, -27)
    services.issue_regulation(
        actor=officer,
        consultation=c,
        outcome=Outcome.ADOPTED,
        number="45/QĐ-UBND",
        issued_on=issued,
        signer_authority="TM.",
        signer_position="Chủ tịch",
        signer_name="A Thiên",
        today=demo.today,
        **_backdated(),
    )
    common = {"actor": officer, "consultation": c, "phase": Phase.REGULATION}
    services.record_publication(
        **common,
        backdate_reason=BACKDATED,
        evidence=_evidence("công khai"),
        channel=Channel.NOTICE_BOARD,
        start=issued + dt.timedelta(days=1),
    )
    services.record_publication(
        **common,
        backdate_reason=BACKDATED,
        evidence=_evidence("công khai"),
        channel=Channel.INTERNAL_SYSTEM,
        start=issued + dt.timedelta(days=12),
    )  # after 5 working days: late (DC5); nothing sent to all staff yet
    services.set_council_report(
        actor=officer,
        consultation=c,
        session_on=_day(demo, 12),
    )
    return c


def _land_consultation(demo: Any, officer: Any) -> Consultation:
    c = _base(
        demo,
        officer,
        SLUG_LAND,
        "Phương án điều chỉnh quy hoạch sử dụng đất xã Đăk Rve (xây dựng trường học Thôn 1)",
        Scope.COMMUNE,
        MatterKind.LAND_USE,
        LAND_TEXT,
    )
    published = _day(demo, -70)
    _plan(officer, c, "09/KH-UBND", published, published, published + dt.timedelta(days=24))
    services.publish_consultation(actor=officer, consultation=c)
    _publish_plan(demo, officer, c, published, skip=-1)
    for text, stance in [
        ("Không đồng ý chuyển đất sản xuất của Thôn 1.", Stance.OPPOSE),
        ("Đề nghị chọn vị trí khác, không lấy đất trồng lúa.", Stance.OPPOSE),
        ("Không tán thành vì các hộ mất đất sản xuất.", Stance.OPPOSE),
        ("Đồng ý, con em trong thôn cần trường mới.", Stance.SUPPORT),
    ]:
        services.submit_public_opinion(
            consultation=c, text=text, stance=stance, today=published + dt.timedelta(days=5)
        )
    services.answer_opinions(
        actor=officer,
        opinions=list(c.opinions.all()),
        kind=AnswerKind.EXPLAIN,
        text="Vị trí duy nhất đủ diện tích, gần khu dân cư; các hộ được bồi thường và giao đất "
        "sản xuất thay thế tại Thôn 3.",
    )
    services.publish_summary(
        actor=officer,
        consultation=c,
        on=published + dt.timedelta(days=25),
        today=demo.today,
        **_backdated(),
    )
    services.issue_regulation(
        actor=officer,
        consultation=c,
        outcome=Outcome.ADOPTED,
        number="30/QĐ-UBND",
        issued_on=published + dt.timedelta(days=30),
        signer_authority="TM.",
        signer_position="Chủ tịch",
        signer_name="A Thiên",
        reason="Trường học là công trình cấp thiết, vị trí được chọn là duy nhất đủ diện tích; "
        "các hộ bị ảnh hưởng được bồi thường và giao đất sản xuất thay thế.",
        today=demo.today,
        **_backdated(),
    )
    issued = published + dt.timedelta(days=30)
    common = {"actor": officer, "consultation": c, "phase": Phase.REGULATION}
    for channel in (Channel.POSTING_OFFICE, Channel.SOFTWARE):
        services.record_publication(
            **common,
            backdate_reason=BACKDATED,
            channel=channel,
            start=issued + dt.timedelta(days=1),
            evidence=_evidence("công khai quyết định"),
        )
    services.record_publication(
        **common,
        backdate_reason=BACKDATED,
        channel=Channel.RADIO,
        start=issued + dt.timedelta(days=1),
        end=issued + dt.timedelta(days=3),
        evidence=_evidence("đài truyền thanh"),
    )
    for village in demo.villages[c.unit.code]:
        for channel in (Channel.POSTING_VILLAGE, Channel.VILLAGE_HEAD):
            services.record_publication(
                **common,
                backdate_reason=BACKDATED,
                channel=channel,
                village=village,
                start=issued + dt.timedelta(days=2),
                end=None if channel == Channel.POSTING_VILLAGE else issued + dt.timedelta(days=2),
                evidence=_evidence(village.name),
            )
    services.set_council_report(
        actor=officer,
        consultation=c,
        session_on=published + dt.timedelta(days=45),
        presented_on=published + dt.timedelta(days=45),
        sent_to_front_on=published + dt.timedelta(days=40),
        **_backdated(),
    )
    services.issue_report_number(
        actor=officer, consultation=c, on=published + dt.timedelta(days=38), **_backdated()
    )
    return c


def build(demo: Any) -> list[tuple[str, str]]:
    commune = demo.communes[0]
    officer = demo.make_user("canbo", Role.OFFICER, unit=commune)
    council = demo.make_user("hdnd", Role.COUNCIL_REP, unit=commune)
    front = demo.make_user("mattran", Role.FRONT_REP, unit=commune)
    union = demo.make_user("congdoan", Role.UNION_REP, unit=commune)
    existing = set(
        Consultation.objects.filter(slug__in=[SLUG_OPEN, SLUG_AGENCY, SLUG_LAND]).values_list(
            "slug", flat=True
        )
    )
    built: dict[str, Consultation] = {}
    if SLUG_OPEN not in existing:
        built[SLUG_OPEN] = _open_consultation(demo, officer, council, front)
    if SLUG_AGENCY not in existing:
        built[SLUG_AGENCY] = _agency_consultation(demo, officer, union)
    if SLUG_LAND not in existing:
        built[SLUG_LAND] = _land_consultation(demo, officer)
    open_one = built.get(SLUG_OPEN) or Consultation.objects.get(slug=SLUG_OPEN)
    demo.make_user("soanthao", Role.DRAFTING_TEAM, record=open_one)
    return [
        ("canbo", "góp ý dự thảo: /consultations/ (soạn thảo, trả lời ý kiến, ban hành)"),
        ("soanthao", f"tổ soạn thảo của «{open_one.title}»"),
        ("hdnd, mattran, congdoan", "nhập ý kiến thu thập tại hội nghị, gửi tổng hợp (DC7)"),
        ("giamsat, noivu", "giám sát các bước: /consultations/supervise/"),
        ("(không cần đăng nhập)", f"trang công khai: /consultations/p/{SLUG_OPEN}/"),
    ]
