"""The register's services: whole-input validation in Vietnamese, back-dating, audit, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.audit.models import AuditEntry
from danchu.core import clock
from danchu.disclosures import rules, selectors, services
from danchu.disclosures.models import ChannelFact, Disclosure
from danchu.disclosures.services import DisclosureError
from danchu.disclosures.tests.conftest import enter, pdf, photo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)  # the suite's frozen Sunday


def test_ld1_whole_input_is_checked_and_nothing_is_stored(world):  # type: ignore[no-untyped-def]
    with pytest.raises(DisclosureError) as exc:
        services.create_disclosure(
            actor=world.bob,
            commune=world.commune_a,
            category=15,
            title="  ",
            decided_on=TODAY + dt.timedelta(days=1),
            text="bad\x00text",
            override_basis="",
            override_within_days=10,
        )
    problems = exc.value.problems
    assert any(p.startswith("Nhóm công khai") for p in problems)
    assert any(p.startswith("Tiêu đề") for p in problems)
    assert any("chưa đến" in p for p in problems)
    assert any(p.startswith("Nội dung công khai") for p in problems)
    assert any("căn cứ pháp lý" in p for p in problems)
    assert Disclosure.objects.count() == 0


def test_ld1_a_renamed_program_is_refused_as_a_file(world):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("danh-sach.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(DisclosureError, match=r"danh-sach\.pdf"):
        enter(world, decided_on=TODAY, files=[fake])
    assert Disclosure.objects.count() == 0


def test_ld1_entry_is_audited_and_judged(world, village_a2):  # type: ignore[no-untyped-def]
    d = enter(world, category=7, decided_on=dt.date(2026, 11, 20), files=[pdf()])
    assert AuditEntry.objects.filter(action="disclosures.created", target_id=str(d.pk)).exists()
    assert d.files.count() == 1
    judged = selectors.judge(d)
    assert judged.due == dt.date(2026, 11, 30)
    assert judged.state is rules.State.IN_PROGRESS
    states = {r.obligation: r.state for r in judged.results}
    assert states[rules.Obligation.VILLAGE_HEADS] is rules.State.IN_PROGRESS  # two villages


def test_ld1_fact_today_needs_evidence_a_file_or_a_note(world):  # type: ignore[no-untyped-def]
    d = enter(world, decided_on=dt.date(2026, 11, 20))
    with pytest.raises(DisclosureError, match="Minh chứng"):
        services.record_fact(actor=world.bob, disclosure=d, channel="office_board")
    fact = services.record_fact(
        actor=world.bob, disclosure=d, channel="office_board", evidence_note="Ảnh lưu ở văn phòng"
    )
    assert fact.start == TODAY and not fact.backdated
    d.refresh_from_db()
    assert d.disclosed_on == TODAY
    assert AuditEntry.objects.filter(action="disclosures.fact.recorded").count() == 1


def test_ld1_backdated_fact_needs_reason_and_file_and_never_the_future(world):  # type: ignore[no-untyped-def]
    d = enter(world, decided_on=dt.date(2026, 11, 16))
    with pytest.raises(DisclosureError) as exc:
        services.record_fact(
            actor=world.bob,
            disclosure=d,
            channel="office_board",
            start=dt.date(2026, 11, 18),
            evidence_note="ghi chú",
        )
    assert len(exc.value.problems) == 2  # reason and file
    with pytest.raises(DisclosureError, match="chưa đến"):
        services.record_fact(
            actor=world.bob,
            disclosure=d,
            channel="office_board",
            start=TODAY + dt.timedelta(days=1),
            evidence_note="ghi chú",
        )
    fact = services.record_fact(
        actor=world.bob,
        disclosure=d,
        channel="office_board",
        start=dt.date(2026, 11, 18),
        evidence=photo(),
        backdate_reason="Niêm yết hôm thứ Tư, nay mới ghi sổ.",
    )
    assert fact.backdated and fact.recorded_on == TODAY
    with pytest.raises(DisclosureError, match="chưa đến"):
        services.end_fact(actor=world.bob, fact=fact, on=TODAY + dt.timedelta(days=2))


def test_ld1_village_channels_name_a_village_of_the_commune(world, village_a2):  # type: ignore[no-untyped-def]
    d = enter(world, category=9, decided_on=dt.date(2026, 11, 20))
    with pytest.raises(DisclosureError, match="Thôn"):
        services.record_fact(
            actor=world.bob, disclosure=d, channel="village_heads", evidence_note="x"
        )
    with pytest.raises(DisclosureError, match="Thôn"):
        services.record_fact(
            actor=world.bob,
            disclosure=d,
            channel="office_board",
            village=village_a2,
            evidence_note="x",
        )
    for v in (world.village_a1, village_a2):
        services.record_fact(
            actor=world.bob,
            disclosure=d,
            channel="village_heads",
            village=v,
            evidence_note="Sổ giao nhận",
        )
    states = {r.obligation: r.state for r in selectors.judge(d).results}
    assert states[rules.Obligation.VILLAGE_HEADS] is rules.State.MET


@pytest.mark.clock("2027-01-05 10:00")
def test_ld1_thirty_days_posted_make_the_item_met(world, clock):  # type: ignore[no-untyped-def]
    clock.move_to("2026-11-30 09:00")
    d = enter(world, category=1, decided_on=dt.date(2026, 11, 27))
    for channel in ("office_board", "public_page", "village_point"):
        services.record_fact(
            actor=world.bob,
            disclosure=d,
            channel=channel,
            village=world.village_a1 if channel == "village_point" else None,
            evidence_note="Ảnh",
        )
    clock.move_to("2026-12-29 09:00")  # the 30th day: still running
    assert selectors.judge(d).state is rules.State.IN_PROGRESS
    clock.move_to("2026-12-30 09:00")
    assert selectors.judge(d).state is rules.State.MET


def test_ld1_take_down_ends_every_channel_and_is_audited(world):  # type: ignore[no-untyped-def]
    d = enter(world, decided_on=dt.date(2026, 11, 20))
    services.record_fact(actor=world.bob, disclosure=d, channel="public_page", evidence_note="x")
    with pytest.raises(DisclosureError, match="Lý do"):
        services.take_down(actor=world.bob, disclosure=d, reason="")
    services.take_down(actor=world.bob, disclosure=d, reason="Thay bằng quyết định mới")
    assert ChannelFact.objects.get(disclosure=d).end == clock.today()
    assert AuditEntry.objects.filter(action="disclosures.taken_down").exists()
    with pytest.raises(DisclosureError):
        services.record_fact(
            actor=world.bob, disclosure=d, channel="office_board", evidence_note="x"
        )


def test_ld1_automatic_entries_keep_their_source_category_and_date(world):  # type: ignore[no-untyped-def]
    d = services.ensure_from_source(
        source="vote_result",
        source_ref="votes.voteround#99:result",
        commune=world.commune_a,
        category=10,
        title="Kết quả",
        decided_on=dt.date(2026, 11, 20),
    )
    with pytest.raises(DisclosureError, match="tự động"):
        services.update_disclosure(
            actor=world.bob, disclosure=d, category=1, title="x", decided_on=d.decided_on
        )
    again = services.ensure_from_source(
        source="vote_result",
        source_ref="votes.voteround#99:result",
        commune=world.commune_a,
        category=10,
        title="Kết quả",
        decided_on=dt.date(2026, 11, 20),
    )
    assert again.pk == d.pk and Disclosure.objects.count() == 1


def test_ld1_next_regular_session_is_strictly_after_the_day(world):  # type: ignore[no-untyped-def]
    services.add_session(
        actor=world.bob, commune=world.commune_a, on=dt.date(2026, 7, 10), name="Kỳ 10"
    )
    dec = services.add_session(
        actor=world.bob, commune=world.commune_a, on=dt.date(2026, 12, 15), name="Kỳ 11"
    )
    services.add_session(
        actor=world.bob,
        commune=world.commune_a,
        on=dt.date(2026, 12, 1),
        name="Bất thường",
        regular=False,
    )
    assert selectors.next_regular_session(world.commune_a, dt.date(2026, 7, 10)) == dec
    assert selectors.next_regular_session(world.commune_a, dt.date(2026, 12, 15)) is None
    assert selectors.next_regular_session(world.commune_b, dt.date(2026, 1, 1)) is None
    with pytest.raises(DisclosureError, match="đã có kỳ họp"):
        services.add_session(
            actor=world.bob, commune=world.commune_a, on=dt.date(2026, 12, 15), name="x"
        )
