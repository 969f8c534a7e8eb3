"""Pages: a role × page matrix, then the main flows through the real views."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danchu.surveys import documents, rules, services
from danchu.surveys.models import CommuneSurvey, Form, FormTemplate, OnlineCode, Subject
from danchu.surveys.tests.conftest import Scene
from danchu.surveys.tests.helpers import SURVEY_ON, D
from danchu.testing import factories as f
from danchu.web.home import items_for

pytestmark = pytest.mark.django_db


ALL = ("alice", "chutich", "phochutich", "thuky", "bob", "carol", "dave", "root")

MATRIX = {
    # page: actors who get 200 (everyone else 403)
    "list": set(ALL),
    "round_create": {"alice", "chutich"},
    "round": {"alice", "chutich"},
    "round_xlsx": {"alice", "chutich"},
    "commune": {"alice", "chutich", "phochutich", "thuky"},
    "report_pdf": {"alice", "chutich", "phochutich", "thuky"},
    "report_xlsx": {"alice", "chutich", "phochutich", "thuky"},
    "round_report": {"alice", "chutich"},
    "committee_decision": {"alice", "chutich", "phochutich", "thuky"},
    "entry": {"phochutich", "thuky"},
    "upload": {"phochutich", "thuky"},
    "upload_example": {"phochutich", "thuky"},
    "committee": {"phochutich"},
    "subject": {"alice", "chutich", "phochutich", "thuky"},
    "forms_pdf": {"phochutich", "thuky"},
    "flag": {"alice", "chutich"},
    "template": {"alice"},
}


def _url(page: str, s: Scene) -> str:
    cs = s.cs
    return {
        "list": reverse("surveys:list"),
        "round_create": reverse("surveys:round_create"),
        "round": reverse("surveys:round", args=[cs.round_id]),
        "round_xlsx": reverse("surveys:round_xlsx", args=[cs.round_id]),
        "commune": reverse("surveys:commune", args=[cs.pk]),
        "report_pdf": reverse("surveys:report_file", args=[cs.pk, "pdf"]),
        "report_xlsx": reverse("surveys:report_file", args=[cs.pk, "xlsx"]),
        "round_report": reverse("surveys:round_report", args=[cs.round_id]),
        "committee_decision": reverse(
            "surveys:committee_decision", args=[cs.round_id, cs.unit_id, "pdf"]
        ),
        "entry": reverse("surveys:entry", args=[cs.pk]),
        "upload": reverse("surveys:upload", args=[cs.pk]),
        "upload_example": reverse("surveys:upload_template", args=[cs.pk, "csv"]),
        "committee": reverse("surveys:committee", args=[cs.round_id, cs.unit_id]),
        "subject": reverse("surveys:subject", args=[s.subject.pk]),
        "forms_pdf": reverse("surveys:forms_pdf", args=[s.subject.pk]) + "?to=2",
        "flag": reverse("surveys:flag", args=[s.flag.pk]),
        "template": reverse("surveys:template", args=[s.world.province.pk]),
    }[page]


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_role_page_matrix(scene: Scene, page: str) -> None:
    url = _url(page, scene)
    got = {name: f.client_for(user).get(url).status_code for name, user in scene.actors.items()}
    expected = {name: 200 if name in MATRIX[page] else 403 for name in ALL}
    assert got == expected
    assert Client().get(url).status_code == 302  # anonymous → login


def test_runner_of_another_commune_is_refused_every_page_and_action(scene: Scene) -> None:
    """Access is scoped to the unit: commune B's vice-chairman runs surveys in B, not in A."""
    from danchu.accounts.models import Role
    from danchu.audit.models import AuditEntry

    vice_b = f.UserFactory(username="phochutich_b")
    f.give_role(vice_b, Role.VICE_CHAIRMAN, scene.world.commune_b)
    client = f.client_for(vice_b)
    for page in sorted(set(MATRIX) - {"list", "round_create"}):
        assert client.get(_url(page, scene)).status_code == 403, page
    cs, subject = scene.cs, scene.subject
    posts = {
        reverse("surveys:notice", args=[cs.pk]): {
            "survey_on": "2026-11-16",
            "notified_on": "2026-11-02",
        },
        reverse("surveys:compute", args=[cs.pk]): {},
        reverse("surveys:entry", args=[cs.pk]): {
            "serial": f"S{subject.pk}-1",
            "group": "3",
            "overall": "1",
        },
        reverse("surveys:entry_discard", args=[cs.pk]): {"serial": f"S{subject.pk}-1"},
        reverse("surveys:report", args=[cs.pk]): {"number": "1/BC-UBND"},
        reverse("surveys:quota", args=[subject.pk]): {"officials": 35, "citizens": 85},
        reverse("surveys:codes", args=[subject.pk]): {"group": "ND", "count": 1},
        reverse("surveys:flag", args=[scene.flag.pk]): {
            "handling": "transfer",
            "decided_on": "2026-12-10",
        },
        f"/api/surveys/communes/{cs.pk}/forms/": {
            "serial": f"S{subject.pk}-1",
            "group": "ND",
            "overall": "1",
        },
    }
    audit_before = AuditEntry.objects.count()
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    for url in (
        f"/api/surveys/rounds/{cs.round_id}/dashboard/",
        f"/api/surveys/communes/{cs.pk}/results/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get("/api/surveys/rounds/").json() == []
    assert AuditEntry.objects.count() == audit_before
    assert (
        not OnlineCode.objects.exists()
        and not Form.objects.filter(channel="paper").exclude(serial__startswith="T").exists()
    )
    cs.refresh_from_db()
    assert cs.survey_on == SURVEY_ON and cs.reported_on is None


def test_sv8_dashboard_page_shows_late_commune_and_flag(scene: Scene) -> None:
    client = f.client_for(scene.actors["alice"])
    page = client.get(reverse("surveys:round", args=[scene.cs.round_id])).content.decode()
    assert "Xã An Hòa" in page and "Xã Bình Minh" in page
    assert "Đinh Văn Thấp" in page  # SV7 flag listed


def test_sv3_quota_refusal_is_shown_with_the_range(scene: Scene) -> None:
    client = f.client_for(scene.actors["phochutich"])
    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    response = client.post(
        reverse("surveys:quota", args=[other.pk]), {"officials": 45, "citizens": 70}, follow=True
    )
    assert "30–40 hoặc 50–60" in response.content.decode()
    other.refresh_from_db()
    assert other.officials_quota == 55  # proposed for a low-contact position, unchanged
    client.post(reverse("surveys:quota", args=[other.pk]), {"officials": 60, "citizens": 90})
    other.refresh_from_db()
    assert (other.officials_quota, other.citizens_quota) == (60, 90)


def test_double_entry_through_the_keyboard_screen(scene: Scene) -> None:
    url = reverse("surveys:entry", args=[scene.cs.pk])
    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    data = {"serial": f"S{other.pk}-1", "group": "3", "overall": "1", "items": "a4, b2"}
    first = f.client_for(scene.actors["phochutich"]).post(url, data, follow=True)
    assert "lần" in first.content.decode() or "first entry" in first.content.decode().lower()
    assert not Form.objects.filter(subject=other).exists()
    second = f.client_for(scene.actors["thuky"]).post(url, data, follow=True)
    assert second.status_code == 200
    form = Form.objects.get(subject=other)
    assert form.group == "ND" and form.flagged_items == ["a4", "b2"] and form.valid


def test_forms_pdf_and_code_slips(scene: Scene) -> None:
    client = f.client_for(scene.actors["thuky"])
    response = client.get(reverse("surveys:forms_pdf", args=[scene.subject.pk]) + "?from=1&to=3")
    assert response["Content-Type"] == "application/pdf"
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 3
    text = reader.pages[0].extract_text()
    assert f"S{scene.subject.pk}-001" in text and "Đinh Văn Thấp" in text
    slips = client.post(
        reverse("surveys:codes", args=[scene.subject.pk]), {"group": "ND", "count": 3}
    )
    assert slips["Content-Type"] == "application/pdf"
    assert OnlineCode.objects.filter(subject=scene.subject).count() == 3


def test_online_form_anonymous_once(scene: Scene) -> None:
    (code,) = services.issue_codes(
        actor=scene.actors["thuky"], subject=scene.subject, group="ND", count=1, today=SURVEY_ON
    )
    client = Client()
    url = reverse("surveys:online")
    opened = client.post(url, {"code": code})
    assert "Đinh Văn Thấp" in opened.content.decode()
    before = Form.objects.filter(subject=scene.subject).count()
    done = client.post(url, {"code": code, "submit": "1", "overall": "1", "items": ["a1", "zz"]})
    assert done.status_code == 200
    assert Form.objects.filter(subject=scene.subject).count() == before + 1
    assert Form.objects.filter(subject=scene.subject, channel="online").get().flagged_items == [
        "a1"
    ]
    again = client.post(url, {"code": code})
    assert "Đinh Văn Thấp" not in again.content.decode()


def test_sv7_chairman_decides_and_notice_generated(scene: Scene) -> None:
    url = reverse("surveys:flag", args=[scene.flag.pk])
    alice = f.client_for(scene.actors["alice"])
    assert alice.post(url, {"handling": "transfer", "decided_on": "2026-12-10"}).status_code == 403
    chairman = f.client_for(scene.actors["chutich"])
    chairman.post(
        url, {"handling": "discipline", "decided_on": "2026-11-22", "decision_number": "45/QĐ-UBND"}
    )
    scene.flag.refresh_from_db()
    assert scene.flag.handling == "discipline"
    pdf = chairman.get(reverse("surveys:flag_notice", args=[scene.flag.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "THÔNG BÁO" in text and "Luật Cán bộ, công chức" in text


def test_sv8_report_and_outputs(scene: Scene) -> None:
    vice = f.client_for(scene.actors["phochutich"])
    vice.post(reverse("surveys:report", args=[scene.cs.pk]), {"number": "15/BC-UBND"})
    scene.cs.refresh_from_db()
    assert scene.cs.reported_on is not None and scene.cs.report_number == "15/BC-UBND"
    xlsx = vice.get(reverse("surveys:report_file", args=[scene.cs.pk, "xlsx"]))
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert "Đinh Văn Thấp" in values
    headers = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    assert headers[-1] == "Mục d2" and headers.index("Mục a1") == len(documents.SHEET_HEADERS)
    pdf = vice.get(reverse("surveys:report_file", args=[scene.cs.pk, "pdf"]))
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "BÁO CÁO" in text and "Nhật ký kiểm toán" in text
    docx = vice.get(reverse("surveys:report_file", args=[scene.cs.pk, "docx"]))
    assert docx.status_code == 200
    agg = f.client_for(scene.actors["alice"]).get(
        reverse("surveys:round_report", args=[scene.cs.round_id])
    )
    assert agg["Content-Type"] == "application/pdf"


def test_sv6_committee_decision_document(scene: Scene) -> None:
    vice = f.client_for(scene.actors["phochutich"])
    url = reverse("surveys:committee_decision", args=[scene.cs.round_id, scene.cs.unit_id, "pdf"])
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(vice.get(url).content)).pages[0].extract_text()
    text = " ".join(text.split())  # a table cell may wrap between words
    assert "QUYẾT ĐỊNH" in text and "Tổ lấy ý kiến" in text and "Phạm Thị Văn" in text


def test_sv6_committee_form_refuses_bad_composition(scene: Scene) -> None:
    vice = f.client_for(scene.actors["phochutich"])
    url = reverse("surveys:committee", args=[scene.cs.round_id, scene.cs.unit_id])
    data = {
        "m-TOTAL_FORMS": "7",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "7",
        "m-MAX_NUM_FORMS": "7",
    }
    data.update({"m-0-full_name": "A", "m-0-kind": "front", "m-0-role": "leader"})
    response = vice.post(url, data, follow=True)
    assert "SV6" in response.content.decode()


def test_sv5_template_published_through_the_page(scene: Scene) -> None:
    alice = f.client_for(scene.actors["alice"])
    url = reverse("surveys:template", args=[scene.world.province.pk])
    import json

    content = services.seed_template_content() | {"title": "Phiếu của tỉnh"}
    alice.post(url, {"content": json.dumps(content, ensure_ascii=False), "note": "v1 tỉnh"})
    assert FormTemplate.objects.get(province=scene.world.province).title == "Phiếu của tỉnh"
    response = alice.post(url, {"content": "{bad", "note": ""})
    assert (
        response.status_code == 200
        and FormTemplate.objects.filter(province=scene.world.province).count() == 1
    )


def test_home_shows_sv8_deadline_and_sv7_task(scene: Scene) -> None:
    vice_items = items_for(scene.actors["phochutich"])
    assert any(i.rule == "SV8" and i.due == rules.last_day(D(2026, 11, 25)) for i in vice_items)
    chairman_items = items_for(scene.actors["chutich"])
    assert any(i.rule == "SV7" for i in chairman_items)
    assert not any(i.rule.startswith("SV") for i in items_for(scene.actors["dave"]))


def _template_with_d3() -> dict[str, Any]:
    content = services.seed_template_content()
    sections = [dict(s) for s in content["sections"]]
    sections[3]["items"] = [*sections[3]["items"], {"code": "d3", "text": "Mục mới"}]
    return content | {"sections": sections}


def test_sv5_paper_forms_keep_the_version_printed_on_them(scene: Scene) -> None:
    """Forms printed on version N and typed after the province published N+1 keep N."""
    printed = services.form_template_for(scene.cs)
    thuky = f.client_for(scene.actors["thuky"])
    url = reverse("surveys:forms_pdf", args=[scene.subject.pk]) + "?to=2"
    assert thuky.get(url).status_code == 200
    scene.cs.round.refresh_from_db()
    assert scene.cs.round.template == printed
    newer = services.publish_template(
        actor=scene.actors["alice"], province=scene.world.province, content=_template_with_d3()
    )
    assert services.current_template(scene.world.province) == newer
    scene.cs.double_entry = False
    scene.cs.save()
    cs = CommuneSurvey.objects.get(pk=scene.cs.pk)
    with pytest.raises(services.SurveyError) as exc:
        services.enter_paper_form(
            actor=scene.actors["thuky"],
            commune_survey=cs,
            serial=f"S{scene.subject.pk}-001",
            data=services.FormData("ND", rules.Overall.TRUST, ("d3",)),
            collected_on=SURVEY_ON,
        )
    assert f"v{printed.version}" in str(exc.value)
    services.enter_paper_form(
        actor=scene.actors["thuky"],
        commune_survey=cs,
        serial=f"S{scene.subject.pk}-001",
        data=services.FormData("ND", rules.Overall.TRUST, ("a4",)),
        collected_on=SURVEY_ON,
    )
    assert Form.objects.get(serial=f"S{scene.subject.pk}-001").template == printed
    # printing again does not move the round to the newer version
    thuky.get(url)
    scene.cs.round.refresh_from_db()
    assert scene.cs.round.template == printed


def test_sv5_issuing_online_codes_fixes_the_rounds_version(scene: Scene) -> None:
    assert scene.cs.round.template is None
    services.issue_codes(
        actor=scene.actors["thuky"], subject=scene.subject, group="ND", count=1, today=SURVEY_ON
    )
    scene.cs.round.refresh_from_db()
    assert scene.cs.round.template == services.ensure_default_template()
    services.publish_template(
        actor=scene.actors["alice"], province=scene.world.province, content=_template_with_d3()
    )
    cs = CommuneSurvey.objects.get(pk=scene.cs.pk)
    assert services.form_template_for(cs) == services.ensure_default_template()


def test_double_entry_is_the_committee_leaders_choice_before_the_first_form(scene: Scene) -> None:
    """Issue 20: any member, the typist included, could switch double entry off. Only the
    committee's leader may, before the first form (scene's commune already has forms)."""
    url = reverse("surveys:double_entry", args=[scene.cs.pk])
    assert f.client_for(scene.actors["alice"]).post(url, {"on": "0"}).status_code == 403
    thuky = f.client_for(scene.actors["thuky"])
    page = thuky.get(reverse("surveys:commune", args=[scene.cs.pk])).content.decode()
    assert 'id="double-entry-switch"' not in page
    refused = thuky.post(url, {"on": "0"}, follow=True).content.decode()
    assert "Chỉ Tổ trưởng Tổ lấy ý kiến" in refused
    leader = f.client_for(scene.actors["phochutich"])
    assert (
        'id="double-entry-switch"'
        not in leader.get(reverse("surveys:commune", args=[scene.cs.pk])).content.decode()
    )  # forms already collected
    refused = leader.post(url, {"on": "0"}, follow=True).content.decode()
    assert "trước phiếu đầu tiên" in refused
    scene.cs.refresh_from_db()
    assert scene.cs.double_entry is True
