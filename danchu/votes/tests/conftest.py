"""A confidence-vote world on top of the shared one.

Commune A's People's Committee (ubnd_a, managed by the province's, ubnd_p) votes on three
leaders. Actors, beyond alice/bob/carol/dave/root:
- ``chair``: chairman of commune A — organizes the vote (RUN_VOTES on commune A);
- ``v1``…``v6``: convened voters with accounts; ``v1``–``v3`` are elected to the counting board;
- ``subject_user``: the account of the first subject;
- alice (Home Affairs of the province) is the authority that directly manages the subjects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from danchu.accounts.models import Role
from danchu.people.models import HowStarted, PositionCategory
from danchu.testing import factories as f
from danchu.votes import services
from danchu.votes.models import RoundStatus, VoteRound

D = dt.date(2026, 11, 20)  # a Friday
TODAY = dt.date(2026, 11, 22)


@dataclass
class VoteWorld:
    w: Any
    vote: VoteRound
    chair: Any
    voters: list[Any]
    subject_user: Any
    subjects: list[Any] = field(default_factory=list)
    positions: dict[str, Any] = field(default_factory=dict)

    @property
    def board(self) -> list[Any]:
        return self.voters[:3]

    @property
    def head(self) -> Any:
        return self.voters[0]


def leader_post(agency: Any, name: str, code: str, **kw: Any) -> Any:
    pos = f.PositionFactory(code=code, name=name, category=PositionCategory.LEADER)
    person = f.PersonFactory(full_name=kw.pop("full_name"), home_unit=agency.unit)
    for key in ("retirement_announced_on",):
        if key in kw:
            setattr(person, key, kw.pop(key))
            person.save()
    return f.AssignmentFactory(person=person, position=pos, agency=agency, **kw)


def build(world: Any, *, evoting: bool = True, double_entry: bool = False) -> VoteWorld:
    chair = f.UserFactory(username="chair")
    f.give_role(chair, Role.CHAIRMAN, world.commune_a)
    posts = [
        leader_post(world.ubnd_a, "Phó Chủ tịch UBND xã", "pct", full_name="Nguyễn Văn An"),
        leader_post(world.ubnd_a, "Chỉ huy trưởng Quân sự", "chqs", full_name="Trần Thị Bình"),
        leader_post(world.ubnd_a, "Công chức Tư pháp", "tp", full_name="Lê Văn Cường"),
    ]
    vote = services.create_round(
        actor=chair,
        title="Lấy phiếu tín nhiệm năm 2026",
        authority=world.ubnd_a,
        vote_day=D,
        place="Hội trường UBND xã",
        legal_basis="Quy định 96-QĐ/TW",
        evoting=evoting,
        double_entry=double_entry,
    )
    subjects = [services.add_subject(actor=chair, vote=vote, assignment=a) for a in posts]
    subject_user = f.UserFactory(username="subject1")
    subject_user.person = posts[0].person
    subject_user.save()
    voters = []
    for i in range(1, 7):
        person = f.PersonFactory(full_name=f"Phạm Văn Ghi {i}", home_unit=world.commune_a)
        user = f.UserFactory(username=f"v{i}")
        user.person = person
        user.save()
        services.add_voter(actor=chair, vote=vote, person=person, position_name="Ủy viên")
        voters.append(user)
    return VoteWorld(world, vote, chair, voters, subject_user, subjects)


@pytest.fixture
def vw(world):  # type: ignore[no-untyped-def]
    return build(world)


def open_round(vw: VoteWorld, present: int = 6) -> VoteRound:
    """Check in ``present`` voters, elect the board, open the vote."""
    for entry in vw.vote.roster.order_by("pk")[:present]:
        services.check_in(actor=vw.chair, entry=entry)
    services.elect_board(
        actor=vw.chair, vote=vw.vote, users=vw.board, head=vw.head, secretary=secretary_of(vw)
    )
    services.open_vote(actor=vw.chair, vote=vw.vote, decision=OPENING_DECISION)
    vw.vote.refresh_from_db()
    return vw.vote


OPENING_DECISION = (
    "Quyết định của Văn phòng: mở đúng lịch dù hồ sơ chưa đủ (hội nghị đã triệu tập)."
)


def secretary_of(vw: VoteWorld) -> Any:
    """The conference's secretary: the fourth voter if present, else the first."""
    entry = vw.vote.roster.filter(person=vw.voters[3].person, present=True).first()
    return vw.voters[3].person if entry else vw.voters[0].person


def counted_round(
    vw: VoteWorld, papers: list[list[str]], *, announce: bool = True, present: int = 6
) -> VoteRound:
    """Open with ``present`` checked in, issue serials, close voting, type ``papers`` (with
    issued serials), close the count, announce."""
    vote = open_round(vw, present=present)
    serials = services.issue_ballots(
        actor=vw.head, vote=vote, count=len(papers), confirmed_by=vw.voters[1]
    )
    services.close_voting(actor=vw.head, vote=vote)
    for i, lines in enumerate(papers, start=1):
        services.enter_paper_ballot(
            actor=vw.head, vote=vote, seq=i, lines=lines, serial=serials[i - 1]
        )
    services.close_count(actor=vw.head, vote=vote, on=D)
    if announce:
        services.announce(actor=vw.head, vote=vote, on=D)
    vote.refresh_from_db()
    assert vote.status == (RoundStatus.ANNOUNCED if announce else RoundStatus.COUNTED)
    return vote


__all__ = [
    "OPENING_DECISION",
    "TODAY",
    "D",
    "HowStarted",
    "VoteWorld",
    "build",
    "counted_round",
    "open_round",
    "secretary_of",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
