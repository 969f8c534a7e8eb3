"""GR8 pages: the role × page matrix, the public schedule and limits (no login), the follow
page (code only, throttled, nothing personal), the confidentiality of personal data and of the
denouncer's identity (audited), bad input never a 500, flat query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.complaints import services
from danchu.complaints.models import Case, Status
from danchu.complaints.tests.conftest import register
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def _slot(world):  # type: ignore[no-untyped-def]
    return services.add_slot(
        actor=world.bob,
        commune=world.commune_a,
        leader="Trần Văn Bình",
        title="Chủ tịch UBND xã",
        on=TODAY + dt.timedelta(days=4),
        starts=dt.time(7, 30),
        ends=dt.time(11, 0),
        place="Phòng tiếp công dân",
    )


def test_gr8_public_schedule_and_limits_need_no_login(world):
    _slot(world)
    anonymous = Client()
    page = anonymous.get(reverse("complaints:public_schedule", args=[world.commune_a.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Trần Văn Bình" in text and "Phòng tiếp công dân" in text and "26/11/2026" in text
    limits = anonymous.get(reverse("complaints:limits")).content.decode()
    assert "Luật Khiếu nại 2011" in limits and "Luật Tố cáo 2018" in limits
    assert 'id="design-choice"' in limits
    assert (
        anonymous.get(reverse("complaints:public_schedule", args=[world.village_a1.pk])).status_code
        == 404
    )


def test_gr8_role_page_matrix(world, chair, front):
    case, _ = register(world)
    urls = {
        "list": reverse("complaints:list") + f"?commune={world.commune_a.pk}",
        "detail": reverse("complaints:detail", args=[case.pk]),
        "new": reverse("complaints:create") + f"?commune={world.commune_a.pk}",
        "schedule": reverse("complaints:schedule") + f"?commune={world.commune_a.pk}",
        "receptions": reverse("complaints:receptions") + f"?commune={world.commune_a.pk}",
    }
    expected = {
        # office of the commune: everything
        "bob": {"list": 200, "detail": 200, "new": 200, "schedule": 200, "receptions": 200},
        "chair": {"list": 200, "detail": 200, "new": 200, "schedule": 200, "receptions": 200},
        # province Home Affairs and the Front: figures and cases, no office pages
        "alice": {"list": 200, "detail": 200, "new": 403, "schedule": 403, "receptions": 403},
        "front": {"list": 200, "detail": 200, "new": 403, "schedule": 403, "receptions": 403},
        # another commune's officer: nothing of commune A
        "carol": {"list": 200, "detail": 404, "new": 403, "schedule": 403, "receptions": 403},
        "dave": {"list": 403, "detail": 404, "new": 403, "schedule": 403, "receptions": 403},
    }
    users = {"bob": world.bob, "chair": chair, "alice": world.alice, "front": front}
    users |= {"carol": world.carol, "dave": world.dave}
    for name, row in expected.items():
        client = client_for(users[name])
        for page, status in row.items():
            assert client.get(urls[page]).status_code == status, (name, page)
    anonymous = Client()
    for url in urls.values():
        assert anonymous.get(url).status_code == 302


def test_gr8_personal_data_only_for_the_office_handling_it(world, front):
    case, _ = register(world)
    url = reverse("complaints:detail", args=[case.pk])
    assert "Nguyễn Thị Mận" in client_for(world.bob).get(url).content.decode()
    for user in (world.alice, front):
        text = client_for(user).get(url).content.decode()
        assert "Nguyễn Thị Mận" not in text and "0912345678" not in text
        assert "001234567890" not in text and 'id="identity-hidden"' in text
    listing = client_for(world.alice).get(
        reverse("complaints:list") + f"?commune={world.commune_a.pk}"
    )
    assert "Nguyễn Thị Mận" not in listing.content.decode()


def test_gr8_denouncer_identity_only_for_the_assigned_handler_and_each_look_audited(
    world, chair, vice
):
    case, _ = register(world, kind="denunciation")
    url = reverse("complaints:detail", args=[case.pk])
    # not yet assigned: nobody sees it, not even the office
    assert "Nguyễn Thị Mận" not in client_for(world.bob).get(url).content.decode()
    services.assign(actor=world.bob, case=case, handler=vice)
    for user in (world.bob, chair, world.alice):
        assert "Nguyễn Thị Mận" not in client_for(user).get(url).content.decode()
    assert not AuditEntry.objects.filter(action="complaints.case.identity_viewed").exists()
    assert "Nguyễn Thị Mận" in client_for(vice).get(url).content.decode()
    looks = AuditEntry.objects.filter(action="complaints.case.identity_viewed")
    assert looks.count() == 1 and looks.get().actor == vice


def test_gr8_follow_shows_only_status_and_public_answer(world):
    case, code = register(world)
    register(world, citizen_name="Phạm Văn Đào", subject="Việc của người khác")
    services.assign(actor=world.bob, case=case, handler=world.bob)
    services.accept(actor=world.bob, case=case)
    services.settle(actor=world.bob, case=case, answer="Gia đình bà được công nhận hộ nghèo.")
    response = Client().post(reverse("complaints:follow"), {"code": code})
    text = response.content.decode()
    assert response.status_code == 200 and 'id="my-case"' in text
    assert "Gia đình bà được công nhận hộ nghèo." in text
    for secret in ("Nguyễn Thị Mận", "0912345678", "Gia đình tôi đủ điều kiện", "bob"):
        assert secret not in text
    assert "Phạm Văn Đào" not in text and "Việc của người khác" not in text
    miss = Client().post(reverse("complaints:follow"), {"code": "ZZZZZ-ZZZZZ"})
    assert miss.status_code == 200 and 'id="my-case"' not in miss.content.decode()


def test_gr8_follow_is_throttled(world):
    client = Client()
    for _ in range(20):
        assert client.post(reverse("complaints:follow"), {"code": "ZZZZZ-ZZZZZ"}).status_code == 200
    assert client.post(reverse("complaints:follow"), {"code": "ZZZZZ-ZZZZZ"}).status_code == 429


def test_gr8_pages_run_a_case_through(world):
    client = client_for(world.bob)
    response = client.post(
        reverse("complaints:create") + f"?commune={world.commune_a.pk}",
        {
            "kind": "complaint",
            "subject": "Khiếu nại về đất",
            "content": "Nội dung",
            "citizen_name": "Hoàng Văn Em",
        },
    )
    assert response.status_code == 200 and 'id="reference-code"' in response.content.decode()
    case = Case.objects.get()
    base = f"/complaints/{case.pk}/"
    client.post(base + "assign/", {"handler": str(world.bob.pk)})
    client.post(base + "accept/", {"complexity": "ordinary"})
    r = client.post(base + "transfer/", {"ground": "crime", "to": "Công an", "note": "x"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED  # not a ground for complaints: refused
    client.post(base + "settle/", {"answer": "Đã giải quyết."})
    case.refresh_from_db()
    assert case.status == Status.SETTLED and case.handler == world.bob
    detail = client.get(base).content.decode()
    assert "Đã giải quyết." in detail
    assert client_for(world.carol).post(base + "settle/", {"answer": "x"}).status_code == 404


def test_gr8_bad_input_is_never_a_500(world):
    case, _ = register(world)
    client = client_for(world.bob)
    base = f"/complaints/{case.pk}/"
    for action, data in [
        ("assign", {"handler": "999999"}),
        ("accept", {"complexity": "\x00"}),
        ("extend", {"days": "٣", "reason": "x"}),
        ("settle", {"answer": "a\x00b"}),
        ("transfer", {"ground": "x" * 500, "to": "", "note": ""}),
        ("nothing", {}),
    ]:
        assert client.post(base + action + "/", data).status_code in (302, 400, 403, 404), action
    new = reverse("complaints:create") + f"?commune={world.commune_a.pk}"
    r = client.post(
        new, {"kind": "other", "subject": "x", "content": "x", "citizen_name": "x" * 500}
    )
    assert r.status_code == 200 and not Case.objects.exclude(pk=case.pk).exists()
    r = client.post(
        new, {"kind": "complaint", "subject": "x", "content": "x", "citizen_name": "a\x01b"}
    )
    assert r.status_code in (200, 400) and not Case.objects.exclude(pk=case.pk).exists()
    r = client.post(
        reverse("complaints:schedule") + f"?commune={world.commune_a.pk}",
        {"leader": "x", "title": "x", "on": "31/02/2026", "starts": "25:00", "ends": "x"},
    )
    assert r.status_code == 200
    assert (
        client.get(reverse("complaints:list") + "?commune=abc&year=99999&page=x").status_code == 200
    )
    for code in ("\x00" * 10, "٣" * 10, "x" * 5000):
        assert Client().post(reverse("complaints:follow"), {"code": code}).status_code in (200, 400)


def test_gr8_list_and_public_queries_stay_flat(world, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    def many(n: int) -> None:
        for _ in range(n):
            case, _ = register(world)
            services.assign(actor=world.bob, case=case, handler=world.bob)
            services.accept(actor=world.bob, case=case)
            _slot(world)

    many(2)
    client, anonymous = client_for(world.alice), Client()
    urls = [
        (client, reverse("complaints:list") + f"?commune={world.commune_a.pk}"),
        (
            client_for(world.bob),
            reverse("complaints:receptions") + f"?commune={world.commune_a.pk}",
        ),
        (anonymous, reverse("complaints:public_schedule", args=[world.commune_a.pk])),
    ]
    counts = []
    for c, url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        counts.append(len(ctx))
    many(12)
    for (c, url), before in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(before):
            assert c.get(url).status_code == 200
