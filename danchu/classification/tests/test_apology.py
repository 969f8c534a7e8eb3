"""GR9 "Apology to the people": the case from the fault to the visit's minutes, and how it feeds
the official's rating and the commune's self-assessment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.classification import rules, selectors, services
from danchu.classification.models import ApologyCase, Assessment
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db

D = dt.date


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode())


@pytest.fixture
def clerk(world):  # type: ignore[no-untyped-def]
    position = f.PositionFactory(code="cs-tu-phap-ho-tich", name="Tư pháp - Hộ tịch")
    return f.AssignmentFactory(
        person=f.PersonFactory(full_name="Trần Văn Chậm"), position=position, agency=world.ubnd_a
    ).person


def test_gr9_visit_needs_the_leader_and_every_invited_group():
    assert rules.visit_problems(leader="", invited=rules.INVITED, households="Hộ ông A")
    problems = rules.visit_problems(leader="Phó Chủ tịch UBND", invited=["party_cell", "front"])
    assert problems and "Thôn" in problems[0]
    assert rules.visit_problems(leader="x", invited=rules.INVITED, households="")
    assert not rules.visit_problems(leader="x", invited=list(rules.INVITED), households="Hộ ông A")


def test_gr9_case_from_fault_to_minutes(world, people, clerk):
    case = services.open_apology(
        actor=world.bob,
        commune=world.commune_a,
        person=clerk,
        citizen="Bà Nguyễn Thị Dân",
        fault="late",
        facts="Hồ sơ hộ tịch giữ quá hạn 10 ngày không lý do.",
        occurred_on=D(2026, 11, 2),
    )
    with pytest.raises(services.ClassificationError, match="Chưa có yêu cầu"):
        services.attach_letters(actor=world.bob, case=case, apology_letter=pdf("thu.pdf"))
    with pytest.raises(services.ClassificationError, match="chưa đến"):
        services.require_apology(actor=people.chair_a, case=case, on=D(2026, 11, 30))
    with pytest.raises(services.ClassificationError, match="không thể trước"):
        services.require_apology(actor=people.chair_a, case=case, on=D(2026, 11, 1))
    services.require_apology(actor=people.chair_a, case=case, on=D(2026, 11, 5))
    case.refresh_from_db()
    with pytest.raises(services.ClassificationError, match="thư xin lỗi và bản kiểm điểm"):
        services.record_visit(
            actor=world.bob,
            case=case,
            on=D(2026, 11, 10),
            leader="Phó Chủ tịch UBND",
            invited=list(rules.INVITED),
            households="Hộ ông A",
            minutes=pdf("bb.pdf"),
        )
    services.attach_letters(
        actor=world.bob,
        case=case,
        apology_letter=pdf("thu.pdf"),
        self_criticism=pdf("kiem-diem.pdf"),
    )
    case.refresh_from_db()
    with pytest.raises(services.ClassificationError, match="Chưa mời đủ"):
        services.record_visit(
            actor=world.bob,
            case=case,
            on=D(2026, 11, 10),
            leader="Phó Chủ tịch UBND",
            invited=["party_cell"],
            minutes=pdf("bb.pdf"),
        )
    services.record_visit(
        actor=world.bob,
        case=case,
        on=D(2026, 11, 10),
        leader="Phó Chủ tịch UBND Lê Văn B",
        invited=list(rules.INVITED),
        households="Hộ ông A, hộ bà C",
        minutes=pdf("bb.pdf"),
    )
    case.refresh_from_db()
    assert case.step == "visited" and "Chi bộ" in case.invited
    actions = list(
        AuditEntry.objects.filter(action__startswith="classification.apology.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "classification.apology.opened",
        "classification.apology.required",
        "classification.apology.letters",
        "classification.apology.visited",
    ]


def test_gr9_feeds_the_rating_and_the_self_assessment(world, round_, people, clerk):
    services.open_apology(
        actor=world.bob,
        commune=world.commune_a,
        person=clerk,
        citizen="Ông Dân",
        fault="arrogance",
        facts="Quát nạt công dân.",
        occurred_on=D(2026, 10, 1),
    )
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    assert [c.citizen for c in selectors.apologies_of(a)] == ["Ông Dân"]
    official = next(o for o in selectors.officials(a) if o.person == clerk)
    assert len(official.apologies) == 1
    page = f.client_for(world.bob).get(reverse("classification:assessment", args=[a.pk]))
    assert "GR9" in page.content.decode()


def test_gr9_pages_and_access(world, people, clerk):
    bob = f.client_for(world.bob)
    r = bob.post(
        reverse("classification:apologies"),
        {
            "person": clerk.pk,
            "citizen": "Bà Dân",
            "fault": "harassment",
            "facts": "Đòi tiền ngoài quy định.",
            "occurred_on": "2026-11-01",
        },
    )
    assert r.status_code == 302
    case = ApologyCase.objects.get()
    url = reverse("classification:apology", args=[case.pk])
    assert bob.get(url).status_code == 200
    assert f.client_for(world.alice).get(url).status_code == 200
    assert f.client_for(world.carol).get(url).status_code == 403
    assert f.client_for(world.dave).get(reverse("classification:apologies")).status_code == 403
    # only the chairman requires
    assert bob.post(url, {"action": "require", "on": "2026-11-02"}).status_code == 403
    f.client_for(people.chair_a).post(url, {"action": "require", "on": "2026-11-02"})
    case.refresh_from_db()
    assert case.required_on == D(2026, 11, 2)
    draft = bob.get(reverse("classification:apology_draft", args=[case.pk]))
    assert draft.status_code == 200 and draft.content[:2] == b"PK"
    bob.post(
        url,
        {"action": "letters", "apology_letter": pdf("thu.pdf"), "self_criticism": pdf("kd.pdf")},
    )
    case.refresh_from_db()
    assert bob.get(case.apology_letter.url).status_code == 200
    assert f.client_for(world.carol).get(case.apology_letter.url).status_code in (403, 404)
    r = bob.post(url, {"action": "visit", "on": "2026-11-05", "leader": "PCT"}, follow=True)
    assert "Chưa mời đủ" in r.content.decode()
    assert bob.post(url, {"action": "visit", "on": "x"}).status_code == 302
