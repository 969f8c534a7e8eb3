"""Issue 11: the managing authority derived from the post and editable on the round's page with
the reason shown (CV11); the same post voted twice in one term is not two places (CV2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.testing import factories as f
from danchu.testing.factories import client_for
from danchu.units.models import AgencyKind
from danchu.votes import services
from danchu.votes.services import VoteError
from danchu.votes.tests.conftest import VoteWorld, leader_post

pytestmark = pytest.mark.django_db


def test_cv11_manager_derived_from_the_post(vw: VoteWorld) -> None:
    w = vw.w
    party_p = f.AgencyFactory(unit=w.province, kind=AgencyKind.DANG_UY, name="Tỉnh ủy Thử")
    front_p = f.AgencyFactory(unit=w.province, kind=AgencyKind.MTTQ, name="Ủy ban MTTQ tỉnh")
    ubkt_a = f.AgencyFactory(unit=w.commune_a, kind=AgencyKind.UBKT, name="UBKT Đảng ủy xã")
    front_a = f.AgencyFactory(unit=w.commune_a, kind=AgencyKind.MTTQ, name="Ủy ban MTTQ xã")
    inspector = leader_post(ubkt_a, "Chủ nhiệm UBKT Đảng ủy", "cn-ubkt", full_name="Đỗ Thị Hoa")
    front = leader_post(front_a, "Chủ tịch Ủy ban MTTQ xã", "ct-mttq", full_name="Vũ Văn Hải")
    s1 = services.add_subject(actor=vw.chair, vote=vw.vote, assignment=inspector)
    s2 = services.add_subject(actor=vw.chair, vote=vw.vote, assignment=front)
    assert s1.managed_by == party_p and "Đảng" in s1.managed_by_reason
    assert s2.managed_by == front_p and "Mặt trận" in s2.managed_by_reason
    # A state post: the People's Committee above.
    assert vw.subjects[0].managed_by == w.ubnd_a.superior


def test_cv11_manager_changed_on_the_round_page_with_reason(vw: VoteWorld) -> None:
    subject = vw.subjects[1]
    client = client_for(vw.chair)
    page = client.get(reverse("votes:detail", args=[vw.vote.pk])).content.decode()
    assert 'name="agency"' in page
    url = reverse("votes:action", args=[vw.vote.pk, "set_manager"])
    client.post(url, {"subject": subject.pk, "agency": vw.w.ubnd_a.pk, "reason": ""})
    subject.refresh_from_db()
    assert subject.managed_by == vw.w.ubnd_a.superior  # no reason, no change
    client.post(
        url, {"subject": subject.pk, "agency": vw.w.ubnd_a.pk, "reason": "Công văn 12 của tỉnh"}
    )
    subject.refresh_from_db()
    assert subject.managed_by == vw.w.ubnd_a and subject.managed_by_reason == "Công văn 12 của tỉnh"
    assert AuditEntry.objects.filter(action="votes.subject.manager_changed").count() == 1
    page = client.get(reverse("votes:detail", args=[vw.vote.pk])).content.decode()
    assert "Công văn 12 của tỉnh" in page
    # Another unit's agency cannot be named; others may not post.
    client.post(url, {"subject": subject.pk, "agency": vw.w.ubnd_b.pk, "reason": "x"})
    subject.refresh_from_db()
    assert subject.managed_by == vw.w.ubnd_a
    assert client_for(vw.voters[0]).post(url, {"subject": subject.pk}).status_code == 403


def test_cv2_same_post_twice_in_a_term_is_refused_not_a_second_place(vw: VoteWorld) -> None:
    other = services.create_round(
        actor=vw.chair, title="Vòng thứ hai", authority=vw.w.ubnd_a, vote_day=vw.vote.vote_day
    )
    post = vw.subjects[0].assignment
    with pytest.raises(VoteError, match="một chức vụ chỉ lấy phiếu một lần"):
        services.add_subject(actor=vw.chair, vote=other, assignment=post)
    # A second, different post of the same person is a second place and allowed.
    second = f.AssignmentFactory(
        person=post.person,
        position=f.PositionFactory(code="pbt", name="Phó Bí thư"),
        agency=vw.w.ubnd_a,
    )
    services.add_subject(actor=vw.chair, vote=other, assignment=second)
