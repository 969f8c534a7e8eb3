"""The API of community decisions: the same checks as the pages, counts only, flat queries."""

from __future__ import annotations

from django.urls import reverse

from danchu.residents import services as s
from danchu.residents.rules import Form, Matter, Proposer
from danchu.residents.tests.conftest import Village
from danchu.testing.factories import client_for


def test_ld7_api_lists_and_details_decisions_with_steps(
    resid: Village, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        d = s.propose(
            actor=resid.head,
            commune=resid.commune,
            village=resid.villages[0],
            matter=Matter.OTHER,
            title=f"Việc {i}",
            content="Nội dung",
            proposer=Proposer.VILLAGE_HEAD,
            front_agreed=True,
        )
    s.choose_form(actor=resid.head, decision=d, form=Form.MEETING)
    s.record_meeting(
        actor=resid.head,
        decision=d,
        place="Nhà văn hóa",
        notice_on=None,
        secretary="Thư",
        witnesses=["Hộ 1", "Hộ 2"],
        present=20,
        agree=16,
    )
    client = client_for(resid.world.alice)
    with django_assert_max_num_queries(15):
        listing = client.get(reverse("api:residents-decisions"))
    assert listing.status_code == 200
    assert listing.json()["count"] == 3
    detail = client.get(reverse("api:residents-decision", args=[d.pk])).json()
    assert detail["passed"] is True and detail["rule"] == "LD7"
    assert detail["results"][0]["households_total"] == 30
    assert {st["rule"] for st in detail["steps"]} == {"LD4"}
    assert "representative" not in str(detail)
    carol = client_for(resid.world.carol)
    assert carol.get(reverse("api:residents-decisions")).json()["count"] == 0
    assert carol.get(reverse("api:residents-decision", args=[d.pk])).status_code == 403


def test_api_refuses_a_user_without_any_role(resid: Village) -> None:
    """Security by default: an account with no role is refused, not answered an empty list."""
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("khongvaitro", password="x" * 16)
    client = client_for(nobody)
    assert client.get(reverse("api:residents-decisions")).status_code == 403
    assert client_for(resid.world.alice).get(reverse("api:residents-decisions")).status_code == 200
