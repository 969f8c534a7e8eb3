"""Pages of residents' oversight: the role × page matrix (the Front directs, a board member sees
their board, the commune answers, residents see the public project page), Vietnamese messages
for bad input (no 500), flat query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Role
from danchu.oversight import rules, services
from danchu.oversight.rules import Officer, Origin
from danchu.oversight.services import MemberInput
from danchu.oversight.tests.conftest import Place, make_board
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db


def _project(place: Place, name: str = "Đường bê tông thôn 1") -> Any:
    project = services.create_project(
        actor=place.front,
        commune=place.commune,
        name=name,
        kind=rules.ProjectKind.RESIDENTS,
        investor="UBND xã An Hòa",
        funding="Nhân dân đóng góp",
        villages=place.villages[:1],
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2027, 6, 30),
    )
    services.set_up_supervision_board(
        actor=place.front,
        project=project,
        members=[
            MemberInput("Nguyễn Mặt Trận", Origin.FRONT, Officer.HEAD, True, True),
            MemberInput("Lê Thanh Tra", Origin.INSPECTION_BOARD, Officer.MEMBER, True, True),
            *[
                MemberInput(
                    f"Dân {i}",
                    Origin.RESIDENT,
                    Officer.MEMBER,
                    True,
                    True,
                    village=place.villages[0],
                )
                for i in range(3)
            ],
        ],
    )
    return project


def test_ld11_role_page_matrix_for_the_board(place: Place) -> None:
    board = make_board(place)
    url = reverse("oversight:board", args=[board.pk])
    front = f.client_for(place.front)
    page = front.get(url)
    assert page.status_code == 200
    assert "Record a member" in page.content.decode() or "Ghi thành viên" in page.content.decode()
    # a board member sees their board (no unit role at all)
    assert f.client_for(place.member_user).get(url).status_code == 200
    assert f.client_for(place.member_user).get(reverse("oversight:index")).status_code == 200
    # the chairman sees it, but may not record members
    assert f.client_for(place.chairman).get(url).status_code == 200
    response = f.client_for(place.chairman).post(
        reverse("oversight:member_new", args=[board.pk]), {"person": place.people[5].pk}
    )
    assert response.status_code == 403
    # another commune's officer and a user without role see nothing
    assert f.client_for(place.outsider).get(url).status_code == 404
    nobody = f.UserFactory(username="nobody")
    assert f.client_for(nobody).get(url).status_code == 404
    assert f.client_for(nobody).get(reverse("oversight:index")).status_code == 403
    # anonymous: to the login page
    from django.test import Client

    assert Client().get(url).status_code == 302


def test_ld11_bad_member_input_reported_in_vietnamese(place: Place) -> None:
    board = make_board(place, members=0)
    front = f.client_for(place.front)
    staff = place.people[1]
    f.AssignmentFactory(person=staff, agency=place.world.ubnd_a, start_date=dt.date(2024, 1, 1))
    response = front.post(
        reverse("oversight:member_new", args=[board.pk]),
        {
            "person": staff.pk,
            "village": place.villages[1].pk,
            "officer": "member",
            "minutes_ref": "BB 02",
            "elected_on": "2099-01-01",
        },
        follow=True,
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "chưa đến" in text
    assert "không chuyên trách" in text
    assert not board.members.exists()


def test_ld12_public_project_page_shows_what_was_found_and_answered(
    place: Place, clock: Any
) -> None:
    project = _project(place)
    s = services.plan_supervision(
        actor=place.front, project=project, supervision_on=dt.date(2027, 1, 8), content="Tiến độ"
    )
    clock.move_to("2027-01-08 15:00")
    services.report_supervision(
        actor=place.front,
        supervision=s,
        findings="Chậm tiến độ 2 tháng.",
        recommendations=[("Tạm dừng để sửa thiết kế.", True)],
    )
    rec = s.recommendations.get()
    services.answer_recommendation(
        actor=place.chairman, recommendation=rec, answer="Đồng ý tạm dừng 15 ngày."
    )
    from django.test import Client

    public = Client().get(reverse("oversight:public_project", args=[project.pk]))
    assert public.status_code == 200
    text = public.content.decode()
    assert "Chậm tiến độ 2 tháng." in text
    assert "Đồng ý tạm dừng 15 ngày." in text
    assert "Dân 1" in text
    rec.refresh_from_db()
    doc = Client().get(reverse("oversight:public_document", args=[rec.answer_document_id, "pdf"]))
    assert doc.status_code == 200 and doc.content.startswith(b"%PDF")
    listing = Client().get(reverse("oversight:public_projects", args=[place.commune.pk]))
    assert project.name in listing.content.decode()
    # the investor notice is not published on the public document route
    services_doc = rec.answer_document
    assert services_doc is not None


def test_ld12_project_page_matrix(place: Place) -> None:
    project = _project(place)
    url = reverse("oversight:project", args=[project.pk])
    assert f.client_for(place.front).get(url).status_code == 200
    assert f.client_for(place.chairman).get(url).status_code == 200
    assert f.client_for(place.outsider).get(url).status_code == 404
    response = f.client_for(place.chairman).post(
        reverse("oversight:project_end", args=[project.pk])
    )
    assert response.status_code == 403


def test_ld12_public_pages_query_count_is_flat(
    place: Place, django_assert_max_num_queries: Any
) -> None:
    from django.test import Client

    project = _project(place)
    services.plan_supervision(
        actor=place.front, project=project, supervision_on=dt.date(2027, 1, 7), content="Đợt đầu"
    )
    url = reverse("oversight:public_project", args=[project.pk])
    listing = reverse("oversight:public_projects", args=[place.commune.pk])
    with django_assert_max_num_queries(30) as small:
        Client().get(url)
        Client().get(listing)
    for i in range(4):
        s = services.plan_supervision(
            actor=place.front,
            project=project,
            supervision_on=dt.date(2027, 1, 8 + i),
            content=f"Đợt {i}",
        )
        assert s.pk
        _project(place, name=f"Dự án {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        Client().get(url)
        Client().get(listing)


def test_index_query_count_is_flat(place: Place, django_assert_max_num_queries: Any) -> None:
    make_board(place)
    _project(place)
    client = f.client_for(place.front)
    with django_assert_max_num_queries(60) as small:
        client.get(reverse("oversight:index"))
    for i in range(3):
        _project(place, name=f"Dự án {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("oversight:index")).status_code == 200


def test_qd3_inspection_pages_and_bad_conclusion_lines(place: Place) -> None:
    inspection = services.plan_inspection(
        actor=place.world.alice,
        inspecting_unit=place.world.province,
        target_unit=place.commune,
        target_kind=rules.TargetKind.PEOPLES_COMMITTEE,
        target_name="UBND xã An Hòa",
        kind=rules.InspectionKind.UNANNOUNCED,
        title="Kiểm tra đột xuất",
        planned_on=dt.date(2026, 11, 20),
        team=["Nguyễn Văn A"],
    )
    alice = f.client_for(place.world.alice)
    url = reverse("oversight:inspection", args=[inspection.pk])
    assert alice.get(url).status_code == 200
    # the inspected commune's officer sees it; another commune's does not
    assert f.client_for(place.world.bob).get(url).status_code == 200
    assert f.client_for(place.outsider).get(url).status_code == 404
    response = alice.post(
        reverse("oversight:conclude", args=[inspection.pk]),
        {"findings": "LD1 | có lẽ | x\nchỉ một phần", "recommendations": "Làm | 31-12-2026"},
        follow=True,
    )
    text = response.content.decode()
    assert "Dòng 1" in text and "Dòng 2" in text
    inspection.refresh_from_db()
    assert inspection.concluded_on is None
    assert (
        f.client_for(place.chairman)
        .post(reverse("oversight:conclude", args=[inspection.pk]), {"findings": "x"})
        .status_code
        == 403
    )


def test_api_lists_scoped(place: Place) -> None:
    make_board(place)
    _project(place)
    front = f.client_for(place.front)
    boards = front.get("/api/oversight/boards/").json()
    assert boards["count"] == 1 and len(boards["results"][0]["members"]) == 5
    projects = front.get("/api/oversight/projects/").json()
    assert projects["count"] == 1
    detail = front.get(f"/api/oversight/projects/{projects['results'][0]['id']}/").json()
    assert len(detail["members"]) == 5
    assert f.client_for(place.outsider).get("/api/oversight/boards/").json()["count"] == 0
    assert (
        f.client_for(f.UserFactory(username="none")).get("/api/oversight/boards/").status_code
        == 403
    )
    assert Role.FRONT_REP
