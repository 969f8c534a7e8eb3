"""The air-gapped flow's online side (CV10, CV12): ``danchu vote summary`` on the laptop, then
``danchu vote import-summary FILE`` on the online installation records that the vote took place
and was reported, without any secret content; idempotent and audited."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from danchu.audit.models import AuditEntry
from danchu.votes import services
from danchu.votes.models import HeldVote, RoundStatus
from danchu.votes.tests.conftest import D, counted_round

pytestmark = pytest.mark.django_db

PAPERS = [["1", "3", "2"], ["3", "3", "2"], ["2", "13", "X"]]


def _export(vote: Any, path: Path) -> dict[str, Any]:
    call_command("vote", "summary", str(vote.pk), "--out", str(path))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _import(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("vote", "import-summary", str(path), *args, stdout=out)
    return out.getvalue()


def _recorded() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action__startswith="votes.held_vote.").order_by("seq"))


def test_cv12_summary_imported_online_records_the_vote_and_the_report(vw, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    path = tmp_path / "tin-nhiem-summary.json"
    data = _export(vote, path)
    assert data["report"] == {
        "from": vw.w.ubnd_a.name,
        "to": vw.w.ubnd_a.superior.name,
        "on": D.isoformat(),
    }

    said = _import(path, "--as", vw.chair.username)

    held = HeldVote.objects.get()
    assert "Đã ghi nhận" in said and "(CV12)" in said
    assert (held.authority, held.unit) == (vw.w.ubnd_a, vote.unit)
    assert (held.title, held.vote_day, held.place) == (vote.title, D, "Hội trường UBND xã")
    assert (held.status, held.counted_on, held.announced_on) == (RoundStatus.ANNOUNCED, D, D)
    assert (held.convened, held.present, held.issued, held.returned) == (6, 6, 3, 3)
    assert held.subjects == [
        {"stt": s.order, "ho_ten": s.full_name, "chuc_vu": s.position_name} for s in vw.subjects
    ]
    assert (held.report_to, held.report_on) == (vw.w.ubnd_a.superior.name, D)
    assert (held.audit_seq, held.audit_hash) == (vote.audit_seq, vote.audit_hash)
    [entry] = _recorded()
    assert entry.action == "votes.held_vote.recorded" and entry.actor == vw.chair
    assert entry.unit == vote.unit


def test_cv10_the_online_record_holds_no_secret_content(vw, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    path = tmp_path / "s.json"
    _export(vote, path)
    _import(path)
    held = HeldVote.objects.values().get()
    stored = json.dumps([held, [e.changes for e in _recorded()]], default=str)
    for word in ("thap", "low", "high", "outcome", "why", "valid", "Tín nhiệm", "%"):
        assert word not in stored, word
    # Not a level count anywhere: the only integers are people and ballot totals.
    assert sorted(k for k, v in held.items() if isinstance(v, int) and k != "id") == [
        "audit_seq",
        "authority_id",
        "convened",
        "issued",
        "present",
        "returned",
        "unit_id",
    ]


def test_cv12_import_twice_changes_nothing(vw, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    path = tmp_path / "s.json"
    data = _export(vote, path)
    _import(path)
    # The same facts laid out differently are the same summary.
    path.write_text(json.dumps(data, ensure_ascii=True, sort_keys=True), encoding="utf-8")
    said = _import(path)
    assert "không thay đổi" in said
    assert HeldVote.objects.count() == 1
    assert len(_recorded()) == 1


def test_cv12_summary_exported_before_announcing_is_updated_by_the_later_one(vw, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS, announce=False)
    first = tmp_path / "counted.json"
    assert _export(vote, first)["announced_on"] is None
    _import(first)
    assert HeldVote.objects.get().status == RoundStatus.COUNTED
    services.announce(actor=vw.head, vote=vote, on=D.replace(day=21))
    vote.refresh_from_db()
    later = tmp_path / "announced.json"
    _export(vote, later)

    assert "Đã cập nhật" in _import(later)
    held = HeldVote.objects.get()
    assert (held.status, held.announced_on, held.report_on) == (
        RoundStatus.ANNOUNCED,
        D.replace(day=21),
        D.replace(day=21),
    )
    assert [e.action for e in _recorded()] == [
        "votes.held_vote.recorded",
        "votes.held_vote.updated",
    ]
    # The older file no longer changes anything: it would move the record backwards.
    with pytest.raises(CommandError, match="cùng mã kiểm toán"):
        _import(first)


def test_cv12_altered_summary_with_the_same_anchor_is_refused(vw, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    path = tmp_path / "s.json"
    data = _export(vote, path)
    _import(path)
    data["returned"] = 2
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="returned"):
        _import(path)
    assert HeldVote.objects.get().returned == 3
    assert len(_recorded()) == 1


def test_cv10_a_file_with_secret_content_or_bad_figures_is_refused_whole(vw, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    path = tmp_path / "s.json"
    data = _export(vote, path)
    data["results"] = [{"stt": 1, "thap": 2}]
    data["subjects"][0]["thap"] = 2
    data["subjects"][2]["stt"] = 7
    data["present"] = 3  # 3 of 6 convened: the vote could not have opened (CV3)
    data["audit"]["hash"] = "abc"
    data["counted_on"] = "20/11/2026"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        _import(path)
    message = str(exc.value)
    for problem in (
        "không ghi gì",
        "results: không thuộc bản tóm tắt",
        "subjects[0].thap: không thuộc bản tóm tắt",
        "subjects[2].stt: là 7, phải là 3",
        "present: 3/6 chưa đủ 2/3 (CV3)",
        "audit.hash:",
        "counted_on: phải là ngày",
    ):
        assert problem in message, problem
    assert HeldVote.objects.count() == 0
    assert _recorded() == []


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\xff\xfe{}", "không phải UTF-8"),
        (b'{"format": "danchu-vote-summary", "version": 1,', "JSON không hợp lệ"),
        (b'{"title": "x"}', "Không phải bản tóm tắt"),
        (b"[]", "đối tượng JSON"),
    ],
)
def test_cv12_unreadable_files_are_refused(vw, tmp_path, content: bytes, needle: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=needle):
        _import(path)
    assert HeldVote.objects.count() == 0


def test_cv12_unknown_authority_or_user_without_rights_is_refused(vw, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    path = tmp_path / "s.json"
    data = _export(vote, path)
    with pytest.raises(CommandError, match="không có quyền"):
        _import(path, "--as", vw.w.carol.username)  # an officer of another commune
    with pytest.raises(CommandError, match="Không có người dùng"):
        _import(path, "--as", "nobody")
    data["authority"] = "UBND xã Không Có"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="Không có cơ quan «UBND xã Không Có»"):
        _import(path)
    assert HeldVote.objects.count() == 0
    assert _recorded() == []


def test_cv10_summary_refused_before_the_count_closes(vw) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="chưa kết thúc kiểm phiếu"):
        call_command("vote", "summary", str(vw.vote.pk))
