"""Pages: the role × page matrix, and the year's round replayed in the browser from opening to
the decision (issue 12, "The year's round")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danchu.classification import services
from danchu.classification.models import Assessment, AssessmentStatus, RoundStatus, Scheme
from danchu.classification.tests.conftest import fill
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    return Client() if user is None else f.client_for(user)


@pytest.fixture
def actors(world, people):  # type: ignore[no-untyped-def]
    return {
        "alice": world.alice,
        "supervisor": people.supervisor,
        "bob": world.bob,
        "chair_a": people.chair_a,
        "carol": world.carol,
        "dave": world.dave,
        "root": world.root,
        "anonymous": None,
    }


ALLOWED = {
    "index": {"alice", "supervisor", "bob", "chair_a", "carol"},
    "schemes": {"alice"},
    "scheme_new": {"alice"},
    "scheme": {"alice"},
    "round_new": {"alice"},
    "round": {"alice", "supervisor"},
    "round_xlsx": {"alice", "supervisor"},
    "assessment_a": {"alice", "supervisor", "bob", "chair_a"},
    "officials_a": {"alice", "supervisor", "bob", "chair_a"},
    "indicators_a": {"alice", "supervisor", "bob", "chair_a"},
    "round_indicators": {"alice", "supervisor"},
    "apologies": {"alice", "supervisor", "bob", "chair_a", "carol"},
}


def test_gr1_role_page_matrix(world, round_, actors):
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    urls = {
        "index": reverse("classification:index"),
        "schemes": reverse("classification:schemes"),
        "scheme_new": reverse("classification:scheme_new"),
        "scheme": reverse("classification:scheme", args=[round_.scheme_id]),
        "round_new": reverse("classification:round_new"),
        "round": reverse("classification:round", args=[round_.pk]),
        "round_xlsx": reverse("classification:round", args=[round_.pk]) + "?format=xlsx",
        "assessment_a": reverse("classification:assessment", args=[a.pk]),
        "officials_a": reverse("classification:officials", args=[a.pk]),
        "indicators_a": reverse("classification:commune_indicators", args=[a.pk]),
        "round_indicators": reverse("classification:indicators", args=[round_.pk]),
        "apologies": reverse("classification:apologies"),
    }
    got = {}
    for who, user in actors.items():
        client = _as(user)
        for page, url in urls.items():
            got[(who, page)] = client.get(url).status_code
    expected = {}
    for who in actors:
        for page in urls:
            if who == "anonymous":
                expected[(who, page)] = 302
            else:
                expected[(who, page)] = 200 if who in ALLOWED[page] else 403
    assert got == expected


def test_gr1_round_in_the_browser_from_opening_to_decision(world, people):
    alice = _as(world.alice)
    # Home Affairs writes a scheme in the form, then opens the year
    form = {
        "province": world.province.pk,
        "year": 2026,
        "name": "Bộ tiêu thức thử",
        "basis": "",
        "tot": "30",
        "kha": "20",
        "trung_binh": "10",
        "yeu": "0",
        "tsvm": "35",
        "c-TOTAL_FORMS": "3",
        "c-INITIAL_FORMS": "0",
        "c-MIN_NUM_FORMS": "0",
        "c-MAX_NUM_FORMS": "60",
        "c-0-code": "TT1",
        "c-0-name": "Kinh tế",
        "c-0-max_points": "20",
        "c-0-position": "Chủ tịch UBND",
        "c-1-code": "TT2",
        "c-1-name": "Dân chủ",
        "c-1-max_points": "20",
        "c-1-position": "Văn phòng - thống kê",
    }
    r = alice.post(reverse("classification:scheme_new"), form)
    assert r.status_code == 302, r.content.decode()[:2000]
    scheme = Scheme.objects.get(name="Bộ tiêu thức thử")
    assert [c.code for c in scheme.criteria.all()] == ["TT1", "TT2"]
    r = alice.post(
        reverse("classification:round_new"),
        {
            "scheme": scheme.pk,
            "year": 2026,
            "self_assessment_due": "2026-12-10",
            "review_due": "2026-12-20",
            "decision_due": "2026-12-30",
            "cmp_tsvm": ">=",
            "num_tsvm": "1",
            "cmp_yeu": "=",
            "num_yeu": "0",
        },
    )
    assert r.status_code == 302
    round_ = scheme.rounds.get()
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    b = Assessment.objects.get(round=round_, commune=world.commune_b)
    tt1, tt2 = (s.criterion_id for s in a.scores.order_by("criterion__order"))
    # the deadline shows on the officer's home page (and calendar feed)
    assert "2026" in _as(world.bob).get("/").content.decode()
    # the officer prepares A with evidence; a bad number is an error, not a 500
    bob = _as(world.bob)
    url_a = reverse("classification:assessment", args=[a.pk])
    bad = bob.post(url_a, {"action": "save", f"c{tt1}_points": "mười", f"c{tt2}_points": "1"})
    assert bad.status_code == 200 and "không phải là số điểm" in bad.content.decode()
    r = bob.post(
        url_a,
        {
            "action": "save",
            f"c{tt1}_points": "16,99",
            f"c{tt1}_explanation": "Nghị quyết HĐND",
            f"c{tt1}_evidence": SimpleUploadedFile("nq.pdf", b"%PDF-1.4 evidence"),
            f"c{tt2}_points": "17",
            "explanation": "Tự đánh giá",
        },
    )
    assert r.status_code == 302
    # only the chairman submits
    assert (
        bob.post(
            url_a, {"action": "submit", f"c{tt1}_points": "16,99", f"c{tt2}_points": "17"}
        ).status_code
        == 403
    )
    assert _as(world.carol).post(url_a, {"action": "save"}).status_code == 403
    evidence = a.scores.get(criterion_id=tt1).evidence
    assert bob.get(evidence.url).status_code == 200
    assert _as(world.carol).get(evidence.url).status_code in (403, 404)
    r = _as(people.chair_a).post(
        url_a, {"action": "submit", f"c{tt1}_points": "16,99", f"c{tt2}_points": "17"}
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED
    page = _as(people.chair_a).get(url_a).content.decode()
    assert "Hoàn thành tốt nhiệm vụ" in page  # GR2: 16,99 caps at tốt
    # the province: a change without a reason is refused; then returned, corrected, reviewed
    r = alice.post(url_a, {"action": "review", f"r{tt1}_points": "15", f"r{tt2}_points": "17"})
    assert "cần nêu lý do" in r.content.decode()
    r = alice.post(url_a, {"action": "return", "reason": "Bổ sung minh chứng TT2"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == AssessmentStatus.RETURNED
    r = _as(people.chair_a).post(
        url_a, {"action": "submit", f"c{tt1}_points": "16,99", f"c{tt2}_points": "18"}
    )
    r = alice.post(
        url_a,
        {
            "action": "review",
            f"r{tt1}_points": "17",
            f"r{tt1}_reason": "Đủ minh chứng",
            f"r{tt2}_points": "18",
            "last_year": "nhac_nho",
        },
    )
    assert r.status_code == 302
    fill(b, ["5", "4,99".replace(",", ".")], world.carol)
    services.submit(actor=people.chair_b, assessment=b)
    services.review(actor=world.alice, assessment=b, changes={})
    # dashboard and decision
    url_r = reverse("classification:round", args=[round_.pk])
    page = alice.get(url_r).content.decode()
    assert "Xã An Hòa" in page and "Tốt" in page
    r = alice.post(reverse("classification:round_decide", args=[round_.pk]))
    assert r.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DECIDED
    pdf_url = reverse("classification:decision", args=[round_.pk, "pdf"])
    first = _as(people.supervisor).get(pdf_url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert alice.get(pdf_url).content == first.content
    assert alice.get(reverse("classification:decision", args=[round_.pk, "exe"])).status_code == 404
    assert _as(world.bob).get(pdf_url).status_code == 403
    xlsx = alice.get(url_r + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # frozen after the decision
    r = alice.post(url_a, {"action": "return", "reason": "x"})
    assert r.status_code == 403


def test_gr2_scheme_edit_makes_a_new_version_and_imports_xlsx(world, round_):
    alice = _as(world.alice)
    scheme = round_.scheme
    page = alice.get(reverse("classification:scheme_new") + f"?from={scheme.pk}")
    assert page.status_code == 200 and "TT1" in page.content.decode()
    assert (
        "minh họa" in alice.get(reverse("classification:scheme", args=[scheme.pk])).content.decode()
    )
    xlsx = alice.get(reverse("classification:scheme", args=[scheme.pk]) + "?format=xlsx").content
    r = alice.post(
        reverse("classification:scheme_import"),
        {
            "province": world.province.pk,
            "year": 2026,
            "name": "Nhập từ tệp",
            "file": SimpleUploadedFile("tieu-thuc.xlsx", xlsx),
        },
    )
    assert r.status_code == 302
    imported = Scheme.objects.get(name="Nhập từ tệp")
    assert imported.version == scheme.version + 1
    assert imported.criteria.count() == 5 and imported.tsvm_from == scheme.tsvm_from
    round_.refresh_from_db()
    assert round_.scheme_id == scheme.pk  # the round keeps its version
    r = alice.post(
        reverse("classification:scheme_import"),
        {
            "province": world.province.pk,
            "year": 2026,
            "name": "Hỏng",
            "file": SimpleUploadedFile("x.xlsx", b"not a workbook"),
        },
        follow=True,
    )
    assert r.status_code == 200 and "Không đọc được" in r.content.decode()
    assert _as(world.bob).post(reverse("classification:scheme_import"), {}).status_code == 403


def test_gr1_unknown_ids_are_404_not_500(world, round_):
    alice = _as(world.alice)
    assert alice.get(reverse("classification:round", args=[99999])).status_code == 404
    assert alice.get(reverse("classification:assessment", args=[99999])).status_code == 404
    assert alice.get(reverse("classification:scheme", args=[99999])).status_code == 404
    assert (
        alice.get(reverse("classification:round", args=[round_.pk]) + "?page=zz").status_code == 200
    )
    assert alice.post(reverse("classification:round_new"), {"year": "x"}).status_code == 200
    url = reverse("classification:assessment", args=[round_.assessments.first().pk])
    assert alice.post(url, {"action": "nonsense"}).status_code == 403


def test_records_hold_admin_is_read_only(world, round_):
    root = f.UserFactory(username="superuser", is_staff=True, is_superuser=True)
    client = _as(root)
    for model in ("scheme", "round", "assessment"):
        assert client.get(f"/admin/classification/{model}/add/").status_code == 403
    assert client.get(f"/admin/classification/round/{round_.pk}/change/").status_code == 200
    assert (
        client.post(f"/admin/classification/round/{round_.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert dt.date
