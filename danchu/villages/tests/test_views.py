"""Pages of elections (LD13) and charters (LD14, QD5): the whole run in the browser's forms, the
role × page matrix, Vietnamese messages for bad input (no 500), flat query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danchu.testing import factories as fac
from danchu.testing.factories import client_for
from danchu.units.models import MapVersion, UnitKind
from danchu.villages import services as s
from danchu.villages.models import Charter, CharterStatus, Election, ElectionStatus, HeadTerm
from danchu.villages.rules import ElectionStep
from danchu.villages.tests.conftest import Place, add_households, at

pytestmark = pytest.mark.django_db
D = dt.date
SIGNERS = "Trưởng thôn A\nTrưởng ban B\nHộ C\nHộ D"


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_ld13_election_run_through_the_pages(place: Place, clock: Any) -> None:
    chair = client_for(place.chairman)
    r = chair.post(
        reverse("villages:election_new"),
        {"village": place.village.pk, "election_on": "2026-12-16", "place": "Nhà văn hóa"},
    )
    e = Election.objects.get()
    assert r.status_code == 302 and r.url == reverse("villages:election", args=[e.pk])
    step_url = reverse("villages:election_step", args=[e.pk])
    for step, extra in (
        ("plan", {"document_ref": "01/QĐ-UBND"}),
        ("candidates", {"names": "Nguyễn Văn A\nLê Thị B", "document_ref": "05"}),
        ("team", {"names": "X\nY\nZ", "document_ref": "02/QĐ-UBND"}),
        ("notice", {"evidence_note": "Niêm yết tại nhà văn hóa"}),
    ):
        chair.post(step_url, {"step": step, **extra})
    assert e.steps.count() == 4
    page = chair.get(reverse("villages:election", args=[e.pk]))
    assert page.status_code == 200
    assert "Nguyễn Văn A" in page.content.decode()
    clock.move_to(at(D(2026, 12, 16), 15))
    chair = client_for(place.chairman)  # a session lasts 8 hours
    ids = {c.name: c.pk for c in e.candidates.all()}
    vote = {
        "secretary": "Thư ký",
        "witnesses": "Hộ 1\nHộ 2",
        "counting_board": "K1\nK2\nK3",
        "present": 30,
        f"votes_{ids['Nguyễn Văn A']}": 25,
        f"votes_{ids['Lê Thị B']}": 5,
    }
    r = chair.post(reverse("villages:election_vote", args=[e.pk]), vote, follow=True)
    e.refresh_from_db()
    assert e.status == ElectionStatus.ELECTED, _messages(r)
    chair.post(
        reverse("villages:election_record", args=[e.pk]),
        {"discussed": "Bầu trưởng thôn", "signed_by": SIGNERS},
    )
    chair.post(reverse("villages:election_send", args=[e.pk]), {})
    clock.move_to(at(D(2026, 12, 18)))
    chair = client_for(place.chairman)
    chair.post(reverse("villages:election_answer", args=[e.pk]), {"recognised": "1"})
    e.refresh_from_db()
    assert e.status == ElectionStatus.RECOGNISED
    assert HeadTerm.objects.get(ended_on__isnull=True).name == "Nguyễn Văn A"
    page = chair.get(reverse("villages:election", args=[e.pk])).content.decode()
    doc_links = [line for line in page.split('href="') if line.startswith("/villages/documents/")]
    assert len(doc_links) >= 2
    link = doc_links[0].split('"')[0]
    assert chair.get(link).status_code == 200
    assert client_for(place.outsider).get(link).status_code == 404


def test_ld13_bad_vote_input_is_reported_in_vietnamese(place: Place, clock: Any) -> None:
    e = s.create_election(actor=place.chairman, village=place.village, election_on=D(2026, 12, 16))
    s.record_step(actor=place.chairman, election=e, step=ElectionStep.CANDIDATES,
                  names=["A"], document_ref="05")  # fmt: skip
    clock.move_to(at(D(2026, 12, 16), 15))
    chair = client_for(place.chairman)
    cid = e.candidates.get().pk
    url = reverse("villages:election_vote", args=[e.pk])
    r = chair.post(url, {"present": "abc", f"votes_{cid}": "-1"}, follow=True)
    assert r.status_code == 200
    r = chair.post(
        url,
        {"secretary": "T", "witnesses": "1\n2", "counting_board": "a\nb\nc", "present": 10,
         f"votes_{cid}": 11},
        follow=True,
    )  # fmt: skip
    assert any("lớn hơn số hộ dự họp" in m for m in _messages(r))
    r = chair.post(reverse("villages:election_step", args=[e.pk]), {"step": "bogus"}, follow=True)
    assert r.status_code == 200
    e.refresh_from_db()
    assert e.status == ElectionStatus.PREPARING


def test_ld14_charter_run_through_the_pages_with_a_thin_meeting(place: Place, clock: Any) -> None:
    head = client_for(place.head)
    r = head.post(
        reverse("villages:charter_new"),
        {"village": place.village.pk, "title": "Hương ước thôn 1", "text": "Điều 1."},
    )
    c = Charter.objects.get()
    assert r.status_code == 302
    head.post(reverse("villages:charter_post", args=[c.pk]), {"place": "Nhà văn hóa"})
    head.post(reverse("villages:charter_put", args=[c.pk]))
    c.refresh_from_db()
    assert c.status == CharterStatus.VOTING
    page = head.get(reverse("villages:charter", args=[c.pk])).content.decode()
    assert "22/12/2026" in page  # earliest vote: 30 days after 22/11
    clock.move_to(at(D(2026, 12, 22)))
    head = client_for(place.head)
    meeting = {
        "place": "Nhà văn hóa",
        "secretary": "Thư ký",
        "witnesses": "Hộ 1\nHộ 2",
        "present": 20,
        "agree": 20,
        "disagree": 0,
        "notice_on": "2026-12-20",
        "documents_on": "2026-12-20",
    }
    head.post(reverse("villages:charter_meeting", args=[c.pk]), meeting)
    c.refresh_from_db()
    assert c.status == CharterStatus.NOT_ADOPTED
    page = head.get(reverse("villages:charter", args=[c.pk])).content.decode()
    assert reverse("villages:charter_ballot", args=[c.pk]) in page
    head.post(reverse("villages:charter_ballot", args=[c.pk]))
    c.refresh_from_db()
    assert c.status == CharterStatus.VOTING and c.decision.form == "phieu"


def test_ld14_charter_adopted_and_recognised_through_the_pages(place: Place, clock: Any) -> None:
    head = client_for(place.head)
    c = s.create_draft(actor=place.head, village=place.village, title="Hương ước", text="Điều 1.")
    c = s.put_to_community(actor=place.head, charter=s.post_draft(actor=place.head, charter=c,
                                                                  place="Nhà văn hóa"))  # fmt: skip
    clock.move_to(at(D(2026, 12, 22)))
    head = client_for(place.head)
    r = head.post(
        reverse("villages:charter_meeting", args=[c.pk]),
        {"place": "Nhà văn hóa", "secretary": "T", "witnesses": "Hộ 1\nHộ 2", "present": 30,
         "agree": 25, "disagree": 5},
        follow=True,
    )  # fmt: skip
    c.refresh_from_db()
    assert c.status == CharterStatus.ADOPTED, _messages(r)
    head.post(reverse("villages:charter_record", args=[c.pk]),
              {"discussed": "Thảo luận", "signed_by": SIGNERS})  # fmt: skip
    head.post(reverse("villages:charter_send", args=[c.pk]), {})
    answer = reverse("villages:charter_answer", args=[c.pk])
    assert head.post(answer, {"recognised": "1"}).status_code == 403
    client_for(place.chairman).post(
        reverse("villages:charter_answer", args=[c.pk]), {"recognised": "1"}
    )
    c.refresh_from_db()
    assert c.status == CharterStatus.IN_FORCE and c.in_force_from == D(2026, 12, 22)
    index = head.get(reverse("villages:index")).content.decode()
    assert "22/12/2031" in index  # QD5: review due in 5 years


def _objects(place: Place) -> dict[str, list[Any]]:
    e = s.create_election(actor=place.chairman, village=place.village, election_on=D(2026, 12, 16))
    s.record_head(actor=place.chairman, village=place.village, name="Cũ",
                  started_on=D(2025, 1, 1), ends_on=None, reason="Sổ")  # fmt: skip
    d = s.open_dismissal(actor=place.chairman, village=place.village,
                         ground=s.DismissalGround.OTHER, ground_text="Vi phạm")  # fmt: skip
    c = s.create_draft(actor=place.head, village=place.village, title="Hương ước", text="Điều 1.")
    return {
        "index": [],
        "election_new": [],
        "charter_new": [],
        "election": [e.pk],
        "village": [place.village.pk],
        "dismissal": [d.pk],
        "charter": [c.pk],
    }


# Role × page matrix: (anonymous, dave no role, chairman of A, head of the village, carol officer
# of B, alice Home Affairs of the province). 302 to login, 403 refused, 404 not even shown.
MATRIX = {
    "index": (302, 403, 200, 200, 200, 200),
    "election_new": (302, 403, 200, 403, 403, 403),
    "charter_new": (302, 403, 200, 200, 403, 403),
    "election": (302, 404, 200, 200, 404, 200),
    "village": (302, 404, 200, 200, 404, 200),
    "dismissal": (302, 404, 200, 200, 404, 200),
    "charter": (302, 404, 200, 200, 404, 200),
}


def test_ld13_ld14_role_page_matrix(place: Place) -> None:
    args = _objects(place)
    w = place.world
    clients = (
        Client(),
        client_for(w.dave),
        client_for(place.chairman),
        client_for(place.head),
        client_for(w.carol),
        client_for(w.alice),
    )
    for page, expected in MATRIX.items():
        url = reverse(f"villages:{page}", args=args[page])
        got = tuple(c.get(url).status_code for c in clients)
        assert got == expected, page


def test_ld13_only_the_commune_acts_on_an_election(place: Place) -> None:
    e = s.create_election(actor=place.chairman, village=place.village, election_on=D(2026, 12, 16))
    url = reverse("villages:election_step", args=[e.pk])
    data = {"step": "plan", "document_ref": "01"}
    assert client_for(place.head).post(url, data).status_code == 403
    assert client_for(place.outsider).post(url, data).status_code == 404
    assert client_for(place.world.alice).post(url, data).status_code == 403
    assert not e.steps.exists()


def test_qd5_index_query_count_is_flat(place: Place, django_assert_max_num_queries: Any) -> None:
    chair = client_for(place.chairman)
    url = reverse("villages:index")
    with django_assert_max_num_queries(40) as small:
        chair.get(url)
    for i in range(2, 12):
        v = fac.UnitFactory(code=f"T0001-{i:02d}", name=f"Thôn {i}", kind=UnitKind.THON,
                            parent=place.commune, map_version=MapVersion.LOCAL)  # fmt: skip
        add_households(v, 3)
        s.create_draft(actor=place.chairman, village=v, title="Hương ước", text="Điều 1.")
    with django_assert_max_num_queries(len(small.captured_queries)):
        chair.get(url)


def test_qd5_cycle_set_on_the_page(place: Place) -> None:
    url = reverse("villages:cycle", args=[place.commune.pk])
    assert client_for(place.head).post(url, {"years": 3}).status_code == 403
    r = client_for(place.chairman).post(url, {"years": 11}, follow=True)
    assert any("QD5" in m for m in _messages(r))
    client_for(place.chairman).post(url, {"years": 3})
    from danchu.villages.models import ReviewCycle

    assert ReviewCycle.objects.get(commune=place.commune).years == 3


def test_ld13_qd5_home_page_shows_what_is_due(place: Place, clock: Any) -> None:
    from danchu.web.home import items_for

    e = s.create_election(actor=place.chairman, village=place.village, election_on=D(2026, 12, 16))
    s.record_step(actor=place.chairman, election=e, step=ElectionStep.PLAN, document_ref="01")
    titles = {i.title for i in items_for(place.chairman) if i.rule == "LD13"}
    assert f"{place.village.name}: Biên bản danh sách người ứng cử (Mẫu 05)" in titles
    assert not any("kế hoạch" in t for t in titles)  # the plan is met
    assert not [i for i in items_for(place.outsider) if i.rule == "LD13"]
    c = s.create_draft(actor=place.head, village=place.village, title="Hương ước", text="Điều 1.")
    c = s.put_to_community(actor=place.head, charter=s.post_draft(actor=place.head, charter=c,
                                                                  place="Nhà văn hóa"))  # fmt: skip
    clock.move_to(at(D(2026, 12, 22)))
    s.record_charter_meeting(actor=place.head, charter=c, place="Nhà văn hóa", notice_on=None,
                             documents_on=None, secretary="T", witnesses=["Hộ 1", "Hộ 2"],
                             present=30, agree=25)  # fmt: skip
    s.issue_charter_record(actor=place.head, charter=c, discussed="Thảo luận",
                           signed_by=SIGNERS.splitlines())  # fmt: skip
    s.send_charter(actor=place.head, charter=c)
    s.recognise_charter(actor=place.chairman, charter=c, recognised=True)
    s.set_review_cycle(actor=place.chairman, commune=place.commune, years=1)
    clock.move_to(at(D(2027, 12, 23)))
    review = [i for i in items_for(place.head) if i.rule == "QD5"]
    assert len(review) == 1 and review[0].late and review[0].due == D(2027, 12, 22)
    index = client_for(place.head).get(reverse("villages:index")).content.decode()
    assert "22/12/2027" in index and 'class="late"' in index


def test_ld13_dismissal_through_the_pages(place: Place, clock: Any) -> None:
    from danchu.residents.models import Household

    chair = client_for(place.chairman)
    s.record_head(actor=place.chairman, village=place.village, name="Phạm Văn Cũ",
                  started_on=D(2025, 6, 1), ends_on=None, reason="Sổ theo dõi")  # fmt: skip
    chair.post(reverse("villages:dismissal_open", args=[place.village.pk]),
               {"ground": "households"})  # fmt: skip
    d = s.Dismissal.objects.get()
    url = reverse("villages:dismissal_request", args=[d.pk])
    for h in Household.objects.filter(village=place.village).order_by("number")[:20]:
        chair.post(url, {"household": h.pk})
    assert chair.post(url, {"household": "x"}).status_code == 302  # refused with a message
    page = chair.get(reverse("villages:dismissal", args=[d.pk])).content.decode()
    assert "20" in page and "40" in page
    chair.post(reverse("villages:dismissal_decide", args=[d.pk]), {"interim_name": "Lâm Thời"})
    d.refresh_from_db()
    assert d.decided_on == D(2026, 11, 22) and d.requesters_counted == 20
    page = chair.get(reverse("villages:dismissal", args=[d.pk])).content.decode()
    assert "21/01/2027" in page  # LD13: new election within 60 days
    r = chair.post(reverse("villages:dismissal_election", args=[d.pk]),
                   {"village": place.village.pk, "election_on": "2027-01-15"})  # fmt: skip
    e = Election.objects.get()
    assert r.url == reverse("villages:election", args=[e.pk]) and e.after_dismissal == d
