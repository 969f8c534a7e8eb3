"""The year's round as services: scheme versions, opening, self-assessment, review, decision
(GR1–GR4), each write audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from danchu.audit.models import AuditEntry
from danchu.classification import scheme_io, selectors, services
from danchu.classification.models import (
    DECISION_KIND,
    Assessment,
    AssessmentStatus,
    RoundStatus,
)
from danchu.classification.tests.conftest import fill, make_round, make_scheme
from danchu.documents import issuing

pytestmark = pytest.mark.django_db


def _a(round_, commune) -> Assessment:  # type: ignore[no-untyped-def]
    return Assessment.objects.get(round=round_, commune=commune)


def test_gr2_scheme_versions_never_change_and_a_round_keeps_its_version(world):
    first = make_scheme(world)
    second = make_scheme(world)
    assert (first.version, second.version) == (1, 2)
    assert AuditEntry.objects.filter(action="classification.scheme.saved").count() == 2


def test_gr1_scheme_thresholds_checked(world):
    with pytest.raises(services.ClassificationError, match="phải cao hơn"):
        services.save_scheme(
            actor=world.alice,
            province=world.province,
            year=2026,
            name="x",
            thresholds={"tot": Decimal(50), "kha": Decimal(60)},
            criteria=scheme_io.ILLUSTRATIVE_CRITERIA,
        )
    with pytest.raises(services.ClassificationError, match="vượt tổng điểm"):
        services.save_scheme(
            actor=world.alice,
            province=world.province,
            year=2026,
            name="x",
            thresholds={"tot": Decimal(101)},
            criteria=scheme_io.ILLUSTRATIVE_CRITERIA,
        )


def test_gr2_scheme_xlsx_round_trip(world):
    scheme = make_scheme(world)
    criteria, thresholds = scheme_io.import_xlsx(scheme_io.export_xlsx(scheme))
    assert [c.code for c in criteria] == ["TT1", "TT2", "TT3", "TT4", "TT5"]
    assert criteria[0].sub_items.splitlines() == [
        "Kế hoạch được HĐND thông qua",
        "Tỉ lệ chỉ tiêu đạt",
    ]
    assert thresholds == scheme_io.ILLUSTRATIVE_THRESHOLDS


def test_gr1_round_opens_a_file_per_commune_with_deadlines(world, round_):
    assert round_.assessments.count() == 2
    assert round_.targets.count() == 3
    assert AuditEntry.objects.filter(action="classification.round.opened").count() == 1
    with pytest.raises(services.ClassificationError, match="đã được mở"):
        make_round(world)


def test_gr1_round_refuses_deadlines_out_of_order(world):
    with pytest.raises(services.ClassificationError, match="thứ tự"):
        services.open_round(
            actor=world.alice,
            province=world.province,
            year=2027,
            scheme=make_scheme(world, 2027),
            targets=[],
            self_assessment_due=dt.date(2026, 12, 20),
            review_due=dt.date(2026, 12, 10),
            decision_due=dt.date(2026, 12, 30),
        )


def test_gr1_self_assessment_checks_points_and_submit_needs_every_criterion(world, round_, people):
    a = _a(round_, world.commune_a)
    first = a.scores.order_by("criterion__order").first()
    with pytest.raises(services.ClassificationError, match="từ 0 đến 20"):
        services.save_self_assessment(
            actor=world.bob,
            assessment=a,
            scores={first.criterion_id: services.ScoreInput(Decimal("20.01"))},
        )
    services.save_self_assessment(
        actor=world.bob, assessment=a, scores={first.criterion_id: services.ScoreInput(Decimal(17))}
    )
    with pytest.raises(services.ClassificationError, match="Chưa chấm điểm"):
        services.submit(actor=people.chair_a, assessment=a)


def test_gr1_full_round_review_with_reasons_return_and_decision(world, round_, people):
    a = _a(round_, world.commune_a)
    b = _a(round_, world.commune_b)
    fill(a, ["19", "18,5".replace(",", "."), "18", "17", "18"], world.bob)  # 90.5: tốt, TSVM
    fill(b, ["16.99", "17", "17", "17", "17"], world.carol)  # 84.99: khá
    services.submit(actor=people.chair_a, assessment=a)
    services.submit(actor=people.chair_b, assessment=b)
    with pytest.raises(services.ClassificationError, match="đã gửi"):
        fill(a, ["1", "1", "1", "1", "1"], world.bob)
    # the province changes a point only with a reason
    tt1 = b.scores.get(criterion__code="TT1")
    with pytest.raises(services.ClassificationError, match="cần nêu lý do"):
        services.review(
            actor=world.alice, assessment=b, changes={tt1.criterion_id: (Decimal(17), "")}
        )
    with pytest.raises(services.ClassificationError, match="lý do"):
        services.return_for_correction(actor=world.alice, assessment=b, reason=" ")
    services.return_for_correction(actor=world.alice, assessment=b, reason="Thiếu minh chứng TT1")
    assert _a(round_, world.commune_b).status == AssessmentStatus.RETURNED
    services.submit(actor=people.chair_b, assessment=b)
    services.review(
        actor=world.alice,
        assessment=b,
        changes={tt1.criterion_id: (Decimal(17), "Có nghị quyết HĐND")},
        last_year="phe_binh",
        year_before="phe_binh",
    )
    with pytest.raises(services.ClassificationError, match="chưa thẩm định"):
        services.issue_decision(actor=world.alice, round_=round_)
    services.review(actor=world.alice, assessment=a, changes={})
    board = selectors.dashboard(round_)
    by_commune = {r.assessment.commune_id: r for r in board.results}
    rb = by_commune[world.commune_b.pk]
    assert rb.total == Decimal(85) and rb.grade.value == "tot" and not rb.tsvm
    assert [c.value for c in rb.consequences] == [
        "dieu_dong_chu_tich_ubnd",
        "kiem_diem_chu_tich_hdnd_ubnd",
    ]
    assert rb.caps[0].cap.value == "xuat_sac"  # 17 after review
    assert board.counts == {"tot": 2, "kha": 0, "trung_binh": 0, "yeu": 0, "tsvm": 1}
    assert [(t.subject, met) for t, _n, met in board.targets] == [
        ("tsvm", True),
        ("tot", True),
        ("yeu", True),
    ]
    doc = services.issue_decision(actor=world.alice, round_=round_)
    assert doc.number.startswith("01/QĐ-UBND")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DECIDED and round_.decision_number == doc.number
    assert doc.figures["counts"]["tot"] == 2
    pdf = issuing.stored(doc, "pdf")
    assert pdf.startswith(b"%PDF")
    # frozen: no second decision, no more writes
    with pytest.raises(services.ClassificationError):
        services.issue_decision(actor=world.alice, round_=round_)
    with pytest.raises(services.ClassificationError, match="quyết định"):
        services.return_for_correction(actor=world.alice, assessment=a, reason="x")
    assert issuing.current(round_, DECISION_KIND).pk == doc.pk
    assert issuing.stored(doc, "pdf") == pdf
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "classification.assessment.saved",
        "classification.assessment.submitted",
        "classification.assessment.returned",
        "classification.assessment.reviewed",
        "classification.round.decided",
        "documents.issued",
    } <= actions


def test_gr1_dashboard_compares_with_last_year(world, people):
    r26 = make_round(world, year=2026)
    board = selectors.dashboard(r26)
    assert board.previous is None and board.unclassified == 2


def test_gr1_evidence_links_point_at_platform_records(world, round_):
    a = _a(round_, world.commune_a)
    first = a.scores.order_by("criterion__order").first()
    for bad in ("https://example.com/x", "/khong-co/1/", "/consultations/khong/co/trang/nay/x/y"):
        with pytest.raises(services.ClassificationError, match=r"liên kết|không có trang"):
            services.save_self_assessment(
                actor=world.bob,
                assessment=a,
                scores={first.criterion_id: services.ScoreInput(Decimal(1), link=bad)},
            )
    services.save_self_assessment(
        actor=world.bob,
        assessment=a,
        scores={
            first.criterion_id: services.ScoreInput(
                Decimal(1), link=f"https://danchu.example/classification/{round_.pk}/"
            )
        },
    )
