"""GR8 services: registration, assignment, acceptance, settlement, extension, transfer and the
figures other apps read — each write audited, bad input refused whole in Vietnamese."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.audit.models import AuditEntry
from danchu.complaints import selectors, services
from danchu.complaints.models import Case, Status
from danchu.complaints.services import ComplaintsError
from danchu.complaints.tests.conftest import register
from danchu.residents.rules import StepState

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_gr8_register_gives_a_code_kept_only_as_a_hash_and_numbers_the_case(world):
    case, code = register(world)
    assert case.received_on == TODAY and case.code == "001/2026"
    assert code not in case.reference_hash
    assert services.find_by_reference(code.lower().replace("-", " ")) == case
    assert services.find_by_reference("ZZZZZ-ZZZZZ") is None
    second, _ = register(world)
    assert second.number == 2
    entry = AuditEntry.objects.filter(action="complaints.case.registered").last()
    assert entry is not None and "Mận" not in str(entry.changes)


def test_gr8_register_reports_every_problem_in_vietnamese(world):
    with pytest.raises(ComplaintsError) as e:
        register(
            world, kind="x", subject="", citizen_name="a\x00b", received_on=TODAY.replace(day=1)
        )
    text = " ".join(e.value.problems)
    assert "Loại đơn" in text and "Tóm tắt" in text and "Họ tên" in text
    assert "lý do" in text and "minh chứng" in text
    assert not Case.objects.exists()


def test_gr8_backdated_receipt_needs_reason_and_evidence(world):
    case, _ = register(
        world,
        received_on=dt.date(2026, 11, 2),
        received_reason="Đơn gửi qua bưu điện, nhập sổ muộn.",
        received_evidence=SimpleUploadedFile("phong-bi.png", PNG, content_type="image/png"),
    )
    assert case.received_on == dt.date(2026, 11, 2) and case.received_reason
    with pytest.raises(ComplaintsError):
        register(world, received_on=dt.date(2026, 11, 30))  # the future


def test_gr8_only_the_commune_office_registers(world):
    with pytest.raises(PermissionError):
        services.register_case(
            actor=world.carol,
            commune=world.commune_a,
            kind="complaint",
            subject="x",
            content="x",
            citizen_name="x",
        )


def test_gr8_assign_accept_settle_on_time(world, chair):
    case, _ = register(world)
    services.assign(actor=world.bob, case=case, handler=chair)
    with pytest.raises(PermissionError):
        services.accept(actor=world.carol, case=case)
    services.accept(actor=chair, case=case, complexity="complex")
    services.settle(actor=chair, case=case, answer="Đã xét lại, gia đình được công nhận.")
    case.refresh_from_db()
    assert case.status == Status.SETTLED and case.settled_on == TODAY
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"complaints.case.assigned", "complaints.case.accepted", "complaints.case.settled"} <= (
        actions
    )
    fig = selectors.commune_figures(world.commune_a, 2026)
    assert fig.figures.closed == 1 and fig.on_time_rate == Fraction(1)
    assert fig.on_time_rate_vi == "100,00%"


def test_gr8_handler_must_belong_to_the_commune_office(world):
    case, _ = register(world)
    with pytest.raises(ComplaintsError):
        services.assign(actor=world.bob, case=case, handler=world.carol)


def test_gr8_backdated_acceptance_late_shows_in_the_figures(world):
    case, _ = register(
        world,
        received_on=dt.date(2026, 10, 1),
        received_reason="Nhập lại sổ giấy.",
        received_evidence=SimpleUploadedFile("don.png", PNG, content_type="image/png"),
    )
    services.assign(actor=world.bob, case=case, handler=world.bob)
    with pytest.raises(ComplaintsError):  # back-dated without a reason
        services.accept(actor=world.bob, case=case, on=dt.date(2026, 10, 20))
    with pytest.raises(ComplaintsError):  # before the receipt
        services.accept(actor=world.bob, case=case, on=dt.date(2026, 9, 20), reason="x")
    services.accept(actor=world.bob, case=case, on=dt.date(2026, 10, 20), reason="Sổ giấy")
    case.refresh_from_db()
    services.settle(actor=world.bob, case=case, answer="Đã giải quyết.")
    from danchu.complaints import rules

    state = rules.case_state(case.facts(), TODAY)
    assert state.acceptance == StepState.LATE and not state.on_time
    fig = selectors.commune_figures(world.commune_a, 2026)
    assert (fig.figures.closed, fig.figures.closed_on_time) == (1, 0)
    assert fig.on_time_rate_vi == "0,00%"


def test_gr8_transfer_needs_a_ground_and_a_note(world):
    case, _ = register(world)
    services.assign(actor=world.bob, case=case, handler=world.bob)
    with pytest.raises(ComplaintsError) as e:
        services.transfer(actor=world.bob, case=case, ground="", to="UBND tỉnh", note="")
    assert len(e.value.problems) == 2
    with pytest.raises(ComplaintsError):  # a denunciation ground for a complaint
        services.transfer(actor=world.bob, case=case, ground="crime", to="Công an", note="x")
    services.transfer(
        actor=world.bob,
        case=case,
        ground="second_time",
        to="Chủ tịch UBND tỉnh",
        note="Đã có quyết định giải quyết lần đầu.",
    )
    case.refresh_from_db()
    assert case.status == Status.TRANSFERRED and "Chủ tịch UBND tỉnh" in case.public_answer
    assert selectors.commune_figures(world.commune_a, 2026).figures.transferred == 1


def test_gr8_denunciation_extensions_once_for_complex(world):
    case, _ = register(world, kind="denunciation")
    services.assign(actor=world.bob, case=case, handler=world.bob)
    services.accept(actor=world.bob, case=case, complexity="complex")
    services.extend(actor=world.bob, case=case, days=30, reason="Cần xác minh thêm.")
    with pytest.raises(ComplaintsError):
        services.extend(actor=world.bob, case=case, days=10, reason="Lần hai.")
    case.refresh_from_db()
    from danchu.complaints import rules

    assert rules.case_state(case.facts(), TODAY).settlement_due == dt.date(2027, 1, 21)


def test_gr8_complaints_are_not_extended(world):
    case, _ = register(world)
    services.assign(actor=world.bob, case=case, handler=world.bob)
    services.accept(actor=world.bob, case=case, complexity="complex")
    with pytest.raises(ComplaintsError):
        services.extend(actor=world.bob, case=case, days=10, reason="x")


@pytest.mark.clock("2027-02-10 10:00")
def test_gr8_backlog_and_overdue_per_commune_and_year(world):
    register(world, received_on=dt.date(2027, 2, 10))
    fig = selectors.commune_figures(world.commune_a, 2027)
    assert fig.figures.backlog == 1 and fig.figures.backlog_overdue == 0
    assert fig.on_time_rate is None and fig.on_time_rate_vi == "—"
    assert selectors.commune_figures(world.commune_b, 2027).figures.received == 0


def test_gr8_slots_and_receptions(world):
    slot = services.add_slot(
        actor=world.bob,
        commune=world.commune_a,
        leader="Trần Văn Bình",
        title="Chủ tịch UBND xã",
        on=TODAY + dt.timedelta(days=4),
        starts=dt.time(7, 30),
        ends=dt.time(11, 0),
        place="Trụ sở UBND xã",
    )
    with pytest.raises(ComplaintsError):
        services.add_slot(
            actor=world.bob,
            commune=world.commune_a,
            leader="x",
            title="x",
            on=TODAY - dt.timedelta(days=1),
            starts=dt.time(11, 0),
            ends=dt.time(7, 0),
            place="x",
        )
    r = services.record_reception(
        actor=world.bob,
        commune=world.commune_a,
        slot=slot,
        received_by="Trần Văn Bình",
        citizen_name="Lê Văn Cúc",
        content="Hỏi về đất.",
        outcome="Hướng dẫn nộp đơn.",
    )
    assert r.held_on == TODAY
    assert list(selectors.upcoming_slots(world.commune_a)) == [slot]
    services.cancel_slot(actor=world.bob, slot=slot)
    assert not selectors.upcoming_slots(world.commune_a).exists()
