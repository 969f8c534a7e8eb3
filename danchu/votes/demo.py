"""Demo rounds of confidence votes (called by ``danchu demo``). Idempotent.

- Xã Đăk Rve: a round held 20 days ago, with paper and in-hall electronic ballots, counted and
  announced — results, minutes (MẬT) and the report can be opened by the right people.
- Xã Đăk Kôi: a round being prepared for 12 days from now, with e-voting and double entry; one
  self-report came in late and the dossiers have not been sent: the CV4 page flags them.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile

from danchu.accounts.models import Role
from danchu.people.models import Assignment
from danchu.units.models import AgencyKind
from danchu.votes import services
from danchu.votes.models import DocumentKind, RoundStatus, VoteRound

HELD_TITLE = "Lấy phiếu tín nhiệm giữa nhiệm kỳ — Xã Đăk Rve"
PREPARING_TITLE = "Lấy phiếu tín nhiệm giữa nhiệm kỳ — Xã Đăk Kôi"
LEGAL_BASIS = (
    "Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị về việc lấy phiếu tín nhiệm đối với "
    "cán bộ lãnh đạo, quản lý các cơ quan, đơn vị trong hệ thống chính trị."
)
SUBJECT_POSTS = [
    "pho-chu-tich-ubnd-xa",  # in Xã Đăk Rve: retirement announced → excluded (CV1)
    "chu-tich-hdnd-xa",
    "chu-tich-mttq-xa",
    "cs-quan-su",
]
FAKE_PDF = b"%PDF-1.4\n% danchu demo dossier\n"
HELD_LOGINS = [
    ("chutich", f"{HELD_TITLE}: tổ chức (Chủ tịch UBND xã)"),
    ("kiemphieu", f"{HELD_TITLE}: Trưởng ban kiểm phiếu — xem kết quả, biên bản (MẬT)"),
    ("cutri3", f"{HELD_TITLE}: người ghi phiếu có mặt — xem kết quả đã công bố"),
    ("hdnd", f"{HELD_TITLE}: người được lấy phiếu — xem kết quả của mình"),
    ("phochutich", f"{HELD_TITLE}: không lấy phiếu (đã có thông báo nghỉ hưu, CV1)"),
    ("noivu", f"{HELD_TITLE}: cấp trực tiếp quản lý (Sở Nội vụ) — kết quả, báo cáo"),
]


def _posts(demo: Any, commune: Any, codes: list[str]) -> list[Assignment]:
    found = []
    for code in codes:
        a = (
            Assignment.objects.active_on(demo.today)
            .filter(agency__unit=commune, position__code=code)
            .first()
        )
        if a is not None:
            found.append(a)
    return found


def _add_subjects(vote: VoteRound, actor: Any, posts: list[Assignment]) -> None:
    for post in posts:
        try:
            services.add_subject(actor=actor, vote=vote, assignment=post)
        except services.VoteError:
            continue  # CV1/CV2 exclusions are shown on the eligibility page


def _roster(vote: VoteRound, actor: Any, commune: Any, demo: Any) -> None:
    services.fill_roster_from_positions(actor=actor, vote=vote)
    for a in Assignment.objects.active_on(demo.today).filter(
        agency__unit=commune, position__code__startswith="cs-"
    ):
        services.add_voter(actor=actor, vote=vote, person=a.person, position_name=a.position.name)


def _create(
    demo: Any, actor: Any, commune: Any, title: str, day: dt.date, **settings: Any
) -> VoteRound:
    """A demo round of the commune's People's Committee, with e-voting, in its own hall."""
    return services.create_round(
        actor=actor,
        title=title,
        authority=demo.agency(commune, AgencyKind.UBND),
        vote_day=day,
        place=f"Hội trường Ủy ban nhân dân {commune.name}",
        legal_basis=LEGAL_BASIS,
        term=demo.term,
        evoting=True,
        **settings,
    )


def _self_report(actor: Any, subject: Any, on: dt.date) -> None:
    """CV4: the subject's self-report and asset declaration, received on ``on``."""
    for kind in (DocumentKind.SELF_REPORT, DocumentKind.ASSETS):
        services.upload_document(
            actor=actor,
            subject=subject,
            kind=kind,
            file=ContentFile(FAKE_PDF, name=f"{kind}.pdf"),
            on=on,
        )


def _held_logins(demo: Any, vote: VoteRound | None) -> tuple[Any, list[Any], Any]:
    """The accounts of the held round (idempotent), so that every run lists them."""
    commune = demo.communes[0]
    chair = demo.make_user("chutich", Role.CHAIRMAN, unit=commune)
    voters = []
    for i, code in enumerate(["cs-dia-chinh", "cs-tai-chinh-ke-toan", "cs-van-hoa-xa-hoi"], 1):
        person = demo.holder(commune, code)
        voters.append(demo.make_user(f"cutri{i}", Role.OFFICER, unit=commune, person=person))
    board_head = demo.make_user("kiemphieu", Role.COUNTING_BOARD, unit=demo.province)
    if vote is not None:
        demo.make_user("kiemphieu", Role.COUNTING_BOARD, record=vote)
    return chair, voters, board_head


def _held(demo: Any) -> list[tuple[str, str]]:
    commune = demo.communes[0]
    existing = VoteRound.objects.filter(title=HELD_TITLE).first()
    if existing is not None:
        _held_logins(demo, existing)
        return HELD_LOGINS
    chair, voters, board_head = _held_logins(demo, None)
    day = demo.today - dt.timedelta(days=20)
    vote = _create(demo, chair, commune, HELD_TITLE, day)
    _add_subjects(vote, chair, _posts(demo, commune, SUBJECT_POSTS))
    for subject in vote.subjects.all():
        _self_report(chair, subject, day - dt.timedelta(days=24))
    services.mark_dossiers_sent(actor=chair, vote=vote, on=day - dt.timedelta(days=16))
    _roster(vote, chair, commune, demo)
    with_login = {u.person_id for u in voters} | {chair.person_id}
    entries = list(vote.roster.order_by("pk"))
    absent = next(e for e in reversed(entries) if e.person_id not in with_login)
    for entry in entries:
        if entry != absent:  # one convened voter is absent
            services.check_in(actor=chair, entry=entry)
    # CV6 (issue 11): the board and the secretary are voters present, none of them a subject.
    from danchu.accounts.models import User

    subject_people = set(vote.subjects.values_list("person_id", flat=True))
    head_person = next(
        e.person
        for e in entries
        if e != absent
        and e.person_id not in with_login | subject_people
        and not User.objects.filter(person_id=e.person_id).exists()
    )
    board_head = demo.make_user(
        "kiemphieu", Role.COUNTING_BOARD, unit=demo.province, person=head_person
    )
    services.elect_board(
        actor=chair,
        vote=vote,
        users=[board_head, *voters[:2]],
        head=board_head,
        secretary=voters[2].person,
    )
    demo.make_user("kiemphieu", Role.COUNTING_BOARD, record=vote)
    services.open_vote(
        actor=chair,
        vote=vote,
        decision="Văn phòng UBND xã quyết định tiến hành hội nghị theo lịch đã triệu tập.",
    )
    vote.refresh_from_db()
    rng = random.Random(96)
    n_subjects = vote.subjects.count()
    codes = services.issue_codes(actor=board_head, vote=vote, count=2, confirmed_by=voters[0])
    for code in codes:
        services.submit_electronic_ballot(
            vote=vote, code=code, lines=rng.choices(["1", "2", "3"], [5, 4, 1], k=n_subjects)
        )
    paper = vote.present_count - 2
    serials = services.issue_ballots(
        actor=board_head, vote=vote, count=paper, confirmed_by=voters[0]
    )
    services.close_voting(actor=board_head, vote=vote)
    weights = [[6, 3, 1], [2, 3, 5], [1, 1, 8]]
    for seq, serial in enumerate(serials, start=1):
        lines = [
            rng.choices(["1", "2", "3", "", "13"], [*weights[i % 3], 0.3, 0.2])[0]
            for i in range(n_subjects)
        ]
        services.enter_paper_ballot(
            actor=board_head, vote=vote, seq=seq, lines=lines, serial=serial
        )
    # The demo's round is fictional, not a state secret: its minutes are made on any
    # installation, where a real count needs DANCHU_OFFLINE_HALL (issue 11, CV10).
    from django.test import override_settings

    with override_settings(DANCHU_OFFLINE_HALL=True):
        services.close_count(actor=board_head, vote=vote, on=day)
    services.announce(actor=board_head, vote=vote, on=day)
    return HELD_LOGINS


def _preparing(demo: Any) -> list[tuple[str, str]]:
    commune = demo.communes[1]
    vote = VoteRound.objects.filter(title=PREPARING_TITLE).first()
    if vote is not None and vote.status != RoundStatus.PREPARING:
        return []
    organizer = demo.make_user("tochuc", Role.VOTE_ORGANIZER, unit=demo.province)
    day = demo.today + dt.timedelta(days=12)
    if vote is None:
        vote = _create(demo, organizer, commune, PREPARING_TITLE, day, double_entry=True)
        _add_subjects(vote, organizer, _posts(demo, commune, SUBJECT_POSTS[:2]))
        _roster(vote, organizer, commune, demo)
        first = vote.subjects.order_by("order").first()
        if first is not None:
            _self_report(organizer, first, demo.today - dt.timedelta(days=5))
    demo.make_user("tochuc", Role.VOTE_ORGANIZER, record=vote)
    return [("tochuc", f"{PREPARING_TITLE}: cơ quan tổ chức — hạn CV4, hồ sơ chậm")]


def build(demo: Any) -> list[tuple[str, str]]:
    return _held(demo) + _preparing(demo)
