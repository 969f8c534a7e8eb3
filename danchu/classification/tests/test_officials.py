"""GR2/GR3: the yearly rating of commune officials — caps shown and enforced, the deciding
authority's override with a reason, GR3 class basis."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.classification import rules, selectors, services
from danchu.classification.models import Assessment, OfficialRating
from danchu.classification.tests.conftest import fill
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(world, round_, people):  # type: ignore[no-untyped-def]
    clerk = f.PositionFactory(code="cs-van-phong-thong-ke", name="Văn phòng - thống kê")
    chair = f.PositionFactory(code="chu-tich-ubnd-xa", name="Chủ tịch UBND")
    f.AssignmentFactory(
        person=f.PersonFactory(full_name="Phạm Thị Văn"), position=clerk, agency=world.ubnd_a
    )
    f.AssignmentFactory(
        person=f.PersonFactory(full_name="Lê Văn Chủ"), position=chair, agency=world.ubnd_a
    )
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    # TT1 (Chủ tịch UBND) 17 → xuất sắc; TT2 (Văn phòng - thống kê) 16,99 → tốt
    fill(a, ["17", "16.99", "15", "15", "15"], world.bob)
    services.submit(actor=people.chair_a, assessment=a)
    services.review(actor=world.alice, assessment=a, changes={})
    a.refresh_from_db()
    return a


def test_gr2_officials_show_their_caps_and_gr3_basis(reviewed):
    found = {o.person.full_name: o for o in selectors.officials(reviewed)}
    clerk, chair = found["Phạm Thị Văn"], found["Lê Văn Chủ"]
    assert clerk.criteria == ["TT2"] and clerk.cap is rules.Level.TOT and not clerk.gr3
    assert chair.criteria == ["TT1"] and chair.cap is rules.Level.XUAT_SAC and chair.gr3


def test_gr2_proposal_above_the_cap_refused_decision_needs_a_reason(world, reviewed, people):
    clerk = next(o for o in selectors.officials(reviewed) if o.person.full_name == "Phạm Thị Văn")
    with pytest.raises(services.ClassificationError, match="cao hơn mức tối đa"):
        services.propose_rating(
            actor=world.bob,
            assessment=reviewed,
            person=clerk.person,
            position=clerk.position,
            criteria=clerk.criteria,
            level=rules.Level.XUAT_SAC,
        )
    rating = services.propose_rating(
        actor=world.bob,
        assessment=reviewed,
        person=clerk.person,
        position=clerk.position,
        criteria=clerk.criteria,
        level=rules.Level.TOT,
    )
    assert rating.cap == "tot"
    with pytest.raises(services.ClassificationError, match="kèm lý do"):
        services.decide_rating(actor=world.alice, rating=rating, level=rules.Level.XUAT_SAC)
    services.decide_rating(
        actor=world.alice,
        rating=rating,
        level=rules.Level.XUAT_SAC,
        override_reason="Thành tích đột xuất được tỉnh khen",
    )
    rating.refresh_from_db()
    assert rating.decided_level == "xuat_sac" and rating.override_reason
    entry = AuditEntry.objects.filter(action="classification.rating.decided").get()
    assert entry.changes["override_reason"] == "Thành tích đột xuất được tỉnh khen"
    with pytest.raises(services.ClassificationError, match="đã được quyết định"):
        services.decide_rating(actor=world.alice, rating=rating, level=rules.Level.TOT)


def test_gr2_proposals_wait_for_the_review(world, round_, people):
    a = Assessment.objects.get(round=round_, commune=world.commune_b)
    with pytest.raises(services.ClassificationError, match="thẩm định"):
        services.propose_rating(
            actor=world.carol,
            assessment=a,
            person=f.PersonFactory(),
            position="x",
            level=rules.Level.TOT,
        )


def test_gr2_officials_page_in_the_browser(world, reviewed, people):
    url = reverse("classification:officials", args=[reviewed.pk])
    bob, alice = f.client_for(world.bob), f.client_for(world.alice)
    page = bob.get(url).content.decode()
    assert "Phạm Thị Văn" in page and "Hoàn thành tốt nhiệm vụ" in page
    assert "GR3" in page
    clerk = next(o for o in selectors.officials(reviewed) if o.person.full_name == "Phạm Thị Văn")
    r = bob.post(
        url, {"action": "propose", "person": clerk.person.pk, "level": "xuat_sac"}, follow=True
    )
    assert "cao hơn mức tối đa" in r.content.decode()
    assert not OfficialRating.objects.exists()
    bob.post(url, {"action": "propose", "person": clerk.person.pk, "level": "tot"})
    rating = OfficialRating.objects.get()
    assert (
        bob.post(url, {"action": "decide", "rating": rating.pk, "level": "tot"}).status_code == 403
    )
    assert f.client_for(world.carol).get(url).status_code == 403
    assert alice.post(url, {"action": "decide", "rating": "x", "level": "tot"}).status_code == 404
    assert (
        alice.post(url, {"action": "decide", "rating": rating.pk, "level": "??"}).status_code == 302
    )
    alice.post(url, {"action": "decide", "rating": rating.pk, "level": "tot"})
    rating.refresh_from_db()
    assert rating.decided_level == "tot"


def test_gr2_rating_levels_are_named_by_the_scheme(world, reviewed):
    scheme = reviewed.round.scheme
    scheme.level_tot = "Hoàn thành tốt nhiệm vụ (tên theo nghị định mới)"
    scheme.save()
    clerk = next(o for o in selectors.officials(reviewed) if o.person.full_name == "Phạm Thị Văn")
    assert clerk.cap_label == "Hoàn thành tốt nhiệm vụ (tên theo nghị định mới)"
    saved = services.save_scheme(
        actor=world.alice,
        province=world.province,
        year=2027,
        name="Theo nghị định mới",
        thresholds={"tot": Decimal(1)},
        criteria=[services.CriterionData("A", "A", Decimal(20))],
        levels={"xuat_sac": "Xuất sắc", "khong_hoan_thanh": ""},
    )
    labels = saved.level_labels()
    assert labels[rules.Level.XUAT_SAC] == "Xuất sắc"
    assert labels[rules.Level.KHONG_HOAN_THANH] == "Không hoàn thành nhiệm vụ"


def test_gr2_sv_survey_result_shown_with_its_rate():
    from danchu.surveys.rules import YearResult

    assert selectors._survey_text(YearResult(2026, 80, 120)) == (
        "2026: 80/120 phiếu tín nhiệm (66,7%)"
    )
