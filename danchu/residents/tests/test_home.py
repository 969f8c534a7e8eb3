"""Home items (LD4–LD7) and flat query counts on the list pages."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from danchu.residents import services as s
from danchu.residents.home import items
from danchu.residents.rules import Form, Matter, Proposer
from danchu.residents.tests.conftest import Village
from danchu.testing.factories import client_for


def _held(resid: Village, title: str) -> None:
    d = s.propose(
        actor=resid.head,
        commune=resid.commune,
        village=resid.villages[0],
        matter=Matter.OTHER,
        title=title,
        content="Nội dung",
        proposer=Proposer.VILLAGE_HEAD,
        front_agreed=True,
    )
    s.choose_form(actor=resid.head, decision=d, form=Form.MEETING)
    s.record_meeting(
        actor=resid.head,
        decision=d,
        place="Nhà văn hóa",
        notice_on=dt.date(2026, 11, 19),
        secretary="Thư",
        witnesses=["Hộ 1", "Hộ 2"],
        present=20,
        agree=16,
    )


def test_ld4_home_lists_the_record_to_send_for_those_who_run_it(resid: Village) -> None:
    _held(resid, "Lắp đèn đường")
    mine = items(resid.head)
    assert [(i.rule, i.due) for i in mine] == [("LD4", dt.date(2026, 11, 30))]
    assert "Lắp đèn đường" in mine[0].title
    assert items(resid.world.alice) == []  # sees the decision, does not run it
    assert items(resid.world.dave) == []


def test_index_query_count_stays_flat(resid: Village, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_for(resid.chairman)
    url = reverse("residents:index")
    _held(resid, "Việc 0")
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200
    for i in range(1, 6):
        _held(resid, f"Việc {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
