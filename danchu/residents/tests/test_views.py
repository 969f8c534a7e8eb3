"""Pages: a role × page matrix, and a meeting, a household ballot and an online vote through the
pages (LD2–LD7)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danchu.residents import services as s
from danchu.residents.models import Decision, Status
from danchu.residents.rules import Form, Matter, Proposer
from danchu.residents.tests.conftest import Village, add_households
from danchu.testing.factories import client_for

TODAY = "2026-11-22"


def decision(resid: Village) -> Decision:
    d = s.propose(
        actor=resid.head,
        commune=resid.commune,
        village=resid.villages[0],
        matter=Matter.OTHER,
        title="Lắp đèn đường",
        content="Đèn năng lượng",
        proposer=Proposer.VILLAGE_HEAD,
        front_agreed=True,
    )
    return d


def actors(resid: Village) -> dict[str, Any]:
    w = resid.world
    return {
        "head": resid.head,
        "chairman": resid.chairman,
        "bob": w.bob,
        "front": resid.front,
        "alice": w.alice,
        "carol": w.carol,
        "dave": w.dave,
    }


# who sees what: 200 page, 403 refused
MATRIX = {
    #          index  village-list  village-other  detail  propose
    "head": (200, "list", "none", 200, 200),
    "chairman": (200, "list", "list", 200, 200),
    "bob": (200, "list", "list", 200, 200),
    "front": (200, "counts", "counts", 200, 403),
    "alice": (200, "counts", "counts", 200, 403),
    "carol": (200, "none", "none", 403, 200),  # officer of commune B: proposes there
    "dave": (403, "none", "none", 403, 403),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_role_page_matrix(resid: Village, who: str) -> None:
    d = decision(resid)
    client = client_for(actors(resid)[who])
    index, own, other, detail, propose = MATRIX[who]
    assert client.get(reverse("residents:index")).status_code == index
    for village, expected in ((resid.villages[0], own), (resid.villages[1], other)):
        response = client.get(reverse("residents:village", args=[village.pk]))
        if expected == "none":
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        text = response.content.decode()
        assert ("Nguyễn Văn Hộ 1<" in text) is (expected == "list")
    assert client.get(reverse("residents:detail", args=[d.pk])).status_code == detail
    assert client.get(reverse("residents:propose")).status_code == propose


def test_anonymous_is_sent_to_login_but_the_vote_page_is_public(resid: Village) -> None:
    client = Client()
    assert client.get(reverse("residents:index")).status_code == 302
    assert client.get(reverse("residents:online")).status_code == 200


def test_village_page_query_count_stays_flat(resid: Village, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_for(resid.chairman)
    url = reverse("residents:village", args=[resid.villages[1].pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    add_households(resid.villages[1], 40, dt.date(2025, 2, 1))
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def post(client: Client, d: Decision, **data: Any) -> Any:
    return client.post(reverse("residents:detail", args=[d.pk]), data)


def test_ld4_meeting_runs_in_the_pages_from_proposal_to_recognition(resid: Village) -> None:
    head = client_for(resid.head)
    response = head.post(
        reverse("residents:propose"),
        {
            "village": resid.villages[0].pk,
            "matter": "gop_cong_trinh",
            "proposer": "village_head",
            "front_agreed": "on",
            "title": "Bê tông ngõ xóm",
            "content": "Mỗi hộ 500.000 đồng",
        },
    )
    d = Decision.objects.get(title="Bê tông ngõ xóm")
    assert response.status_code == 302
    assert post(head, d, action="form", form="truc_tuyen").status_code == 200  # LD3 refused
    d.refresh_from_db()
    assert d.form == ""
    post(head, d, action="form", form="hop")
    response = post(
        head,
        d,
        action="meeting",
        village=resid.villages[0].pk,
        place="Nhà văn hóa",
        notice_on="2026-11-19",
        documents_on="2026-11-19",
        secretary="Lê Thư",
        witnesses="Hộ 1\nHộ 2",
        present="31",
        agree="20",
        disagree="0",
    )
    assert "lớn hơn số hộ của thôn" in response.content.decode()
    post(
        head,
        d,
        action="meeting",
        village=resid.villages[0].pk,
        place="Nhà văn hóa",
        notice_on="2026-11-19",
        documents_on="2026-11-19",
        secretary="Lê Thư",
        witnesses="Hộ 1\nHộ 2",
        present="28",
        agree="20",
        disagree="8",
    )
    d.refresh_from_db()
    assert d.status == Status.HELD and d.passed
    post(
        head,
        d,
        action="record",
        discussed="Mức góp",
        decided="500.000 đồng/hộ",
        signed_by="Trưởng thôn\nTrưởng ban\nHộ A\nHộ B",
    )
    post(head, d, action="send", on="")
    d.refresh_from_db()
    assert d.status == Status.SENT
    assert post(head, d, action="answer", recognised="1").status_code == 403
    chair = client_for(resid.chairman)
    post(chair, d, action="answer", recognised="1", reasons="")
    d.refresh_from_db()
    assert d.status == Status.RECOGNISED
    page = chair.get(reverse("residents:detail", args=[d.pk])).content.decode()
    assert "Đã công nhận" in page or "Recognised" in page
    pdf = chair.get(reverse("residents:document", args=[d.pk, "record", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        client_for(resid.world.carol)
        .get(reverse("residents:document", args=[d.pk, "record", "pdf"]))
        .status_code
        == 403
    )


def test_ld5_household_ballot_runs_in_the_pages(resid: Village) -> None:
    chair = client_for(resid.chairman)
    chair.post(
        reverse("residents:propose"),
        {
            "village": "",
            "matter": "quy",
            "proposer": "chairman",
            "front_agreed": "on",
            "title": "Quỹ khuyến học",
            "content": "50.000 đồng/hộ/năm",
        },
    )
    d = Decision.objects.get(title="Quỹ khuyến học")
    post(chair, d, action="form", form="phieu")
    post(
        chair,
        d,
        action="ballot_plan",
        team_chair="Trần Mặt Trận",
        team="A\nB",
        question="Đồng ý góp quỹ?",
        notice_on="2026-11-20",
        distributed_on=TODAY,
        deadline=TODAY,
    )
    post(chair, d, action="plan_sent", on="")
    post(chair, d, action="print")
    ballots = chair.get(reverse("residents:document", args=[d.pk, "ballots", "pdf"]))
    assert ballots.status_code == 200 and ballots.content.startswith(b"%PDF")
    for village, returned, agree in zip(resid.villages, (30, 60, 9), (20, 40, 6), strict=True):
        post(
            chair,
            d,
            action="ballot_result",
            village=village.pk,
            returned=returned,
            agree=agree,
            disagree=returned - agree,
            other=0,
            witnesses="Hộ X\nHộ Y",
        )
    d.refresh_from_db()
    assert d.passed and d.status == Status.HELD


def test_ld6_online_vote_runs_in_the_pages(resid: Village) -> None:
    head = client_for(resid.head)
    d = decision(resid)
    post(head, d, action="form", form="truc_tuyen")
    response = post(head, d, action="online_open", team_chair="Trần Mặt Trận", team="A\nB")
    codes = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", response.content.decode())
    assert len(codes) == 30
    public = Client()
    for code in codes[:16]:
        public.post(reverse("residents:online"), {"code": code, "choice": "consent"})
    post(head, d, action="consent_close")
    for code in codes[:16]:
        public.post(reverse("residents:online"), {"code": code, "choice": "agree"})
    again = public.post(reverse("residents:online"), {"code": codes[0], "choice": "agree"})
    assert "Mã không hợp lệ" in again.content.decode()
    post(head, d, action="online_close")
    d.refresh_from_db()
    assert (d.passed, d.rule, d.agree) == (True, "LD6", 16)
    assert s.choose_form is not None and Form.ONLINE


def test_no_action_out_of_order_makes_a_server_error(resid: Village) -> None:
    from danchu.residents.views import ACTIONS

    d = decision(resid)
    head, chair = client_for(resid.head), client_for(resid.chairman)
    for action in [*sorted(ACTIONS), "nope"]:
        for client in (head, chair):
            response = post(client, d, action=action, village="abc", present="-1", on="x")
            assert response.status_code in {200, 302, 403, 404}, action
    s.choose_form(actor=resid.head, decision=d, form=Form.ONLINE)
    for action in sorted(ACTIONS):
        assert post(head, d, action=action).status_code in {200, 302, 403, 404}, action
