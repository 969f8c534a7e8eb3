"""GR4: consequences due after the decision with what was done, and the commendation list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.classification import services
from danchu.classification.models import Assessment, ConsequenceAction
from danchu.classification.tests.conftest import fill
from danchu.testing import factories as f
from danchu.web.home import items_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(world, round_, people):  # type: ignore[no-untyped-def]
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    b = Assessment.objects.get(round=round_, commune=world.commune_b)
    fill(a, ["19", "18", "18", "17", "18"], world.bob)  # 90: tốt
    fill(b, ["10", "10", "10", "10", "10"], world.carol)  # 50: trung bình
    for x, chair in ((a, people.chair_a), (b, people.chair_b)):
        services.submit(actor=chair, assessment=x)
    services.review(actor=world.alice, assessment=a, changes={}, last_year="nhac_nho")
    services.review(
        actor=world.alice, assessment=b, changes={}, last_year="phe_binh", year_before="phe_binh"
    )
    services.issue_decision(actor=world.alice, round_=round_)
    round_.refresh_from_db()
    return round_


def test_gr4_consequences_get_a_deadline_at_the_decision(world, decided):
    actions = {
        (x.assessment.commune_id, x.kind): x
        for x in ConsequenceAction.objects.select_related("assessment")
    }
    assert set(actions) == {
        (world.commune_a.pk, "kiem_diem_lanh_dao_ubnd"),
        (world.commune_b.pk, "dieu_dong_chu_tich_ubnd"),
        (world.commune_b.pk, "kiem_diem_chu_tich_hdnd_ubnd"),
    }
    due = services.gr4_deadline(decided.decided_on).due
    assert all(x.due == due for x in actions.values())
    assert due >= decided.decided_on + dt.timedelta(days=30)
    titles = [i.title for i in items_for(world.alice) if i.rule == "GR4"]
    assert len(titles) == 3


def test_gr4_recording_what_was_done(world, decided, clock):
    action = ConsequenceAction.objects.get(kind="kiem_diem_lanh_dao_ubnd")
    today = dt.date(2026, 11, 22)
    with pytest.raises(services.ClassificationError, match="chưa đến"):
        services.record_action(
            actor=world.alice, action=action, note="x", done_on=today + dt.timedelta(days=1)
        )
    with pytest.raises(services.ClassificationError, match="lý do"):
        services.record_action(
            actor=world.alice, action=action, note="x", done_on=today - dt.timedelta(days=1)
        )
    services.record_action(
        actor=world.alice, action=action, note="Lãnh đạo UBND đã kiểm điểm tại hội nghị"
    )
    action.refresh_from_db()
    assert action.done_on == today and action.recorded_by == world.alice
    with pytest.raises(services.ClassificationError, match="đã được ghi nhận"):
        services.record_action(actor=world.alice, action=action, note="lần hai")
    assert len([i for i in items_for(world.alice) if i.rule == "GR4"]) == 2


def test_gr4_commendation_list_refuses_trung_binh_and_yeu(world, decided):
    a = Assessment.objects.get(round=decided, commune=world.commune_a)
    b = Assessment.objects.get(round=decided, commune=world.commune_b)
    services.set_commendation(actor=world.alice, assessment=a, commended=True)
    with pytest.raises(services.ClassificationError, match="khen thưởng"):
        services.set_commendation(actor=world.alice, assessment=b, commended=True)
    b.refresh_from_db()
    assert a.__class__.objects.get(pk=a.pk).commended and not b.commended


def test_gr4_pages(world, decided):
    alice = f.client_for(world.alice)
    url = reverse("classification:round", args=[decided.pk])
    page = alice.get(url).content.decode()
    assert "Đề xuất điều động Chủ tịch UBND" in page
    b = Assessment.objects.get(round=decided, commune=world.commune_b)
    r = alice.post(
        reverse("classification:commend", args=[decided.pk]),
        {"assessment": b.pk, "commended": "1"},
        follow=True,
    )
    assert "không được đưa vào danh sách khen thưởng" in r.content.decode()
    action = ConsequenceAction.objects.filter(assessment=b).first()
    action_url = reverse("classification:action", args=[decided.pk, action.pk])
    assert f.client_for(world.bob).post(action_url, {"note": "x"}).status_code == 403
    r = alice.post(
        action_url,
        {
            "note": "Đã trình điều động",
            "done_on": "2026-11-20",
            "reason": "Nhập bổ sung",
            "evidence": SimpleUploadedFile("qd.pdf", b"%PDF-1.4"),
        },
    )
    assert r.status_code == 302
    action.refresh_from_db()
    assert action.done_on == dt.date(2026, 11, 20) and action.backdate_reason == "Nhập bổ sung"
    assert alice.post(action_url, {"note": ""}).status_code == 302
    assert (
        alice.post(
            reverse("classification:commend", args=[decided.pk]), {"assessment": "x"}
        ).status_code
        == 404
    )
