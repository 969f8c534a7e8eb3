"""Pages of dialogues and conferences: the run in the browser's forms, the role × page matrix,
the public question page (no login, throttled per address, anonymous or named), Vietnamese
messages for bad input (no 500), flat query counts, documents served as issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from danchu.accounts.models import Role
from danchu.dialogues import services
from danchu.dialogues.models import (
    Dialogue,
    MeetingKind,
    Question,
    QuestionSource,
    VillageConference,
)
from danchu.documents import issuing
from danchu.testing import factories as fac
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db
D = dt.date


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _plan(world: fac.World) -> Dialogue:
    return services.plan_dialogue(
        actor=world.bob, commune=world.commune_a, year=2026, planned_on=D(2026, 12, 15)
    )


def test_ld9_dialogue_run_through_the_pages(world: fac.World) -> None:
    bob = client_for(world.bob)
    r = bob.post(
        reverse("dialogues:dialogue_new"),
        {"commune": world.commune_a.pk, "year": 2026, "planned_on": "2026-12-15", "place": "HT"},
    )
    d = Dialogue.objects.get()
    assert r.status_code == 302 and r.url == reverse("dialogues:dialogue", args=[d.pk])
    bob.post(reverse("dialogues:dialogue_invite", args=[d.pk]))
    bob.post(
        reverse("dialogues:dialogue_question", args=[d.pk]),
        {"text": "Đường thôn?", "source": QuestionSource.VILLAGE, "asker": "Ông A"},
    )
    q = Question.objects.get()
    bob.post(
        reverse("dialogues:dialogue_answer", args=[d.pk]),
        {"question": q.pk, "answer": "Quý II.", "published": "on"},
    )
    bob.post(reverse("dialogues:dialogue_held", args=[d.pk]), {"chair": "Chủ tịch"})
    bob.post(
        reverse("dialogues:dialogue_commitment", args=[d.pk]),
        {"text": "Sửa đường", "responsible": "PCT", "due_on": "2027-03-31", "question": q.pk},
    )
    bob.post(reverse("dialogues:dialogue_record", args=[d.pk]))
    bob.post(reverse("dialogues:dialogue_report", args=[d.pk]))
    d.refresh_from_db()
    assert d.status == "reported" and d.commitments.count() == 1
    kinds = {doc.kind for doc in issuing.history(d)}
    assert kinds == {
        services.KIND_PLAN,
        services.KIND_INVITATION,
        services.KIND_RECORD,
        services.KIND_REPORT,
    }
    page = bob.get(reverse("dialogues:dialogue", args=[d.pk]))
    assert page.status_code == 200 and "Sửa đường" in page.content.decode()
    report = issuing.current(d, services.KIND_REPORT)
    assert report is not None
    got = bob.get(reverse("dialogues:document", args=[report.pk, "pdf"]))
    assert got.status_code == 200
    assert b"".join(got) == issuing.stored(report, "pdf")  # type: ignore[arg-type]


def test_ld9_bad_input_is_reported_in_vietnamese_not_a_500(world: fac.World) -> None:
    d = _plan(world)
    bob = client_for(world.bob)
    r = bob.post(
        reverse("dialogues:dialogue_held", args=[d.pk]),
        {"chair": "A", "on": "2026-11-01"},
        follow=True,
    )
    assert r.status_code == 200
    text = " ".join(_messages(r))
    assert "lý do" in text and "minh chứng" in text
    r = bob.post(reverse("dialogues:dialogue_held", args=[d.pk]), {"chair": "A\x00"})
    assert r.status_code == 400  # NUL refused before the view, never a 500
    r = bob.post(
        reverse("dialogues:dialogue_answer", args=[d.pk]), {"question": "١٢", "answer": "x"}
    )
    assert r.status_code == 404
    r = bob.post(
        reverse("dialogues:dialogue_new"),
        {"commune": world.commune_a.pk, "year": 2026, "planned_on": "2027-01-01"},
    )
    assert r.status_code == 200 and any("2026" in m for m in _messages(r))


def test_ld9_role_page_matrix(world: fac.World) -> None:
    d = _plan(world)
    c = services.plan_conference(
        actor=world.bob, village=world.village_a1, year=2026, planned_on=D(2026, 12, 16)
    )
    m = services.plan_staff_meeting(
        actor=world.bob,
        agency=world.ubnd_a,
        kind=MeetingKind.STAFF_CONFERENCE,
        year=2026,
        planned_on=D(2026, 12, 20),
    )
    front = fac.UserFactory(username="front")
    fac.give_role(front, Role.FRONT_REP, world.commune_a)
    head = fac.UserFactory(username="head")
    fac.give_role(head, Role.VILLAGE_HEAD, world.village_a1)
    pages = {
        "dialogue": reverse("dialogues:dialogue", args=[d.pk]),
        "conference": reverse("dialogues:conference", args=[c.pk]),
        "staff": reverse("dialogues:staff", args=[m.pk]),
        "new": reverse("dialogues:dialogue_new"),
    }
    expected = {
        # actor: (dialogue, conference, staff, new dialogue)
        "bob": (200, 200, 200, 200),  # officer of commune A
        "alice": (200, 200, 200, 403),  # Home Affairs of the province: sees, does not run
        "front": (200, 200, 200, 403),  # Front committee of commune A: sees
        "head": (404, 200, 404, 403),  # village head: own village's conference
        "carol": (404, 404, 404, 200),  # officer of commune B: plans only her own
        "dave": (404, 404, 404, 403),  # no role
    }
    users = {
        "bob": world.bob,
        "alice": world.alice,
        "front": front,
        "head": head,
        "carol": world.carol,
        "dave": world.dave,
    }
    for name, codes in expected.items():
        client = client_for(users[name])
        got = tuple(client.get(url).status_code for url in pages.values())
        assert got == codes, name
    # Acting is refused to those who only see.
    r = client_for(front).post(reverse("dialogues:dialogue_invite", args=[d.pk]))
    assert r.status_code == 403
    r = client_for(head).post(reverse("dialogues:conference_notice", args=[c.pk]))
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.notice_on == D(2026, 11, 22)
    assert Client().get(pages["dialogue"]).status_code == 302  # to the login page


def test_ld9_public_page_takes_anonymous_and_named_questions_without_login(
    world: fac.World,
) -> None:
    cache.clear()
    d = _plan(world)
    url = reverse("dialogues:public", args=[d.pk])
    anon = Client()
    assert anon.get(url).status_code == 200
    r = anon.post(url, {"text": "Trước khi mở?"})
    assert r.status_code == 409
    services.send_invitation(actor=world.bob, dialogue=d)
    r = anon.post(url, {"text": "Đèn đường Thôn 2?", "asker": "Bà Lan"})  # name not ticked
    assert r.status_code == 200 and "dialogues/public_done.html" in [t.name for t in r.templates]
    r = anon.post(url, {"text": "Học phí?", "named": "on", "asker": "Bà Lan", "village_name": "2"})
    q1, q2 = Question.objects.order_by("pk")
    assert q1.asker == "" and q2.asker == "Bà Lan"
    r = anon.post(url, {"text": "a\x00b"})
    assert r.status_code == 400
    services.answer_question(actor=world.bob, question=q1, answer="Quý I lắp.")
    services.answer_question(actor=world.bob, question=q2, answer="Riêng.", published=False)
    body = anon.get(url).content.decode()
    assert "Quý I lắp." in body and "Riêng." not in body


def test_ld9_public_page_is_throttled_per_address(world: fac.World, settings: Any) -> None:
    cache.clear()
    d = _plan(world)
    services.send_invitation(actor=world.bob, dialogue=d)
    url = reverse("dialogues:public", args=[d.pk])
    anon = Client(REMOTE_ADDR="203.0.113.7")
    for i in range(5):
        assert anon.post(url, {"text": f"Câu {i}"}).status_code == 200
    assert anon.post(url, {"text": "Câu 6"}).status_code == 429
    assert Question.objects.count() == 5
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.post(url, {"text": "Câu khác"}).status_code == 200


def test_ld9_conference_run_through_the_pages(world: fac.World, clock: Any) -> None:
    head = fac.UserFactory(username="head")
    fac.give_role(head, Role.VILLAGE_HEAD, world.village_a1)
    client = client_for(head)
    r = client.post(
        reverse("dialogues:conference_new"),
        {
            "village": world.village_a1.pk,
            "year": 2026,
            "planned_on": "2026-11-30",
            "inspection_member": "Lò Văn Minh",
        },
    )
    c = VillageConference.objects.get()
    assert r.status_code == 302
    client.post(reverse("dialogues:conference_notice", args=[c.pk]))
    clock.move_to("2026-11-30 16:00")
    client = client_for(head)
    client.post(
        reverse("dialogues:conference_held", args=[c.pk]),
        {
            "households_present": 41,
            "head_report": "Trưởng thôn",
            "front_report": "Mặt trận",
            "inspection_report": "TTND",
        },
    )
    client.post(reverse("dialogues:conference_report", args=[c.pk]))
    c.refresh_from_db()
    assert c.status == "reported" and c.inspection_member == "Lò Văn Minh"
    page = client.get(reverse("dialogues:conference", args=[c.pk])).content.decode()
    assert "Lò Văn Minh" in page


def test_qd6_staff_page_records_and_issues_minutes(world: fac.World) -> None:
    bob = client_for(world.bob)
    r = bob.post(
        reverse("dialogues:staff_new"),
        {
            "agency": world.ubnd_a.pk,
            "kind": MeetingKind.STAFF_CONFERENCE,
            "year": 2026,
            "planned_on": "2026-11-22",
        },
    )
    assert r.status_code == 302
    m = world.ubnd_a.pk and services.StaffMeeting.objects.get()
    bob.post(
        reverse("dialogues:staff_held", args=[m.pk]),
        {"chair": "CT", "results": "Đạt", "targets": "Tăng"},
    )
    m.refresh_from_db()
    assert m.held_on == D(2026, 11, 22)
    assert issuing.current(m, services.KIND_STAFF_MINUTES) is not None


def test_ld9_lists_query_count_stays_flat(
    world: fac.World, django_assert_max_num_queries: Any
) -> None:
    province_home = client_for(world.alice)
    for i, commune in enumerate([world.commune_a, world.commune_b]):
        runner = world.bob if i == 0 else world.carol
        services.plan_dialogue(actor=runner, commune=commune, year=2026, planned_on=D(2026, 12, 1))
        services.plan_dialogue(actor=runner, commune=commune, year=2025, planned_on=D(2025, 12, 1))
    with django_assert_max_num_queries(40) as few:
        assert province_home.get(reverse("dialogues:index")).status_code == 200
    n = len(few.captured_queries)
    for year in range(2015, 2025):
        services.plan_dialogue(
            actor=world.bob, commune=world.commune_a, year=year, planned_on=D(year, 12, 1)
        )
    with django_assert_max_num_queries(n):
        assert province_home.get(reverse("dialogues:index")).status_code == 200
    for url in ("dialogues:conferences", "dialogues:staff_list"):
        assert province_home.get(reverse(url)).status_code == 200


def test_ld9_home_shows_what_is_due(world: fac.World) -> None:
    from danchu.web.home import items_for

    titles = [i.title for i in items_for(world.bob)]
    assert any("2026" in t for t in titles)  # the year's dialogue to plan
    d = _plan(world)
    services.send_invitation(actor=world.bob, dialogue=d)
    due = [i for i in items_for(world.bob) if i.rule == "GR7"]
    assert due and due[0].due == D(2026, 12, 31)
    assert items_for(world.dave) == [] or all(i.rule != "GR7" for i in items_for(world.dave))
