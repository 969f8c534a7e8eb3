"""A consultation of commune A (Xã An Hòa) built through the services, seed-003 style."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.accounts.models import Role, User
from danchu.consultations import services
from danchu.consultations.models import Audience, Body, Consultation, Form
from danchu.core import clock
from danchu.testing import factories as f
from danchu.units.models import AdminUnit, MapVersion, UnitKind

DRAFT = """QUY CHẾ THỰC HIỆN DÂN CHỦ TRONG HOẠT ĐỘNG CỦA ỦY BAN NHÂN DÂN XÃ
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định nội dung, hình thức thực hiện dân chủ trong hoạt động của UBND xã.
Điều 2. Đối tượng áp dụng
1. Cán bộ, công chức xã.
2. Nhân dân trên địa bàn xã.
Chương II
CÔNG KHAI THÔNG TIN
Điều 3. Nội dung công khai
1. Kế hoạch phát triển kinh tế - xã hội.
2. Dự toán, quyết toán ngân sách xã.
"""


@dataclass
class Actors:
    council: User  # People's Council representative of commune A
    front: User  # Fatherland Front representative
    union: User  # trade union representative
    supervisor: User  # district-level supervisor (province here)
    drafter: User  # drafting team member of this consultation only
    village_head: User


@pytest.fixture
def village_a2(world) -> AdminUnit:  # type: ignore[no-untyped-def]
    return f.UnitFactory(
        code="T0001-02",
        name="Thôn 2",
        kind=UnitKind.THON,
        parent=world.commune_a,
        map_version=MapVersion.LOCAL,
    )


@pytest.fixture
def start_day() -> dt.date:
    """Publication day: 5 days ago, so the citizens' window (published + 20) is open today."""

    return clock.today() - dt.timedelta(days=5)


def build(world, start_day: dt.date, *, scope: str = "commune") -> Consultation:  # type: ignore[no-untyped-def]
    c = services.create_consultation(
        actor=world.bob,
        unit=world.commune_a,
        issuer=world.ubnd_a,
        title="Dự thảo Quy chế thực hiện dân chủ trong hoạt động của UBND xã An Hòa",
        scope=scope,
        matter="democracy_regulation",
    )
    services.add_version(actor=world.bob, consultation=c, text=DRAFT, note="Dự thảo lần 1")
    services.set_plan(
        actor=world.bob,
        consultation=c,
        plan_number="05/KH-UBND",
        plan_date=start_day - dt.timedelta(days=3),
        content_published_on=start_day,
    )
    if scope == "commune":
        services.set_audience(
            actor=world.bob,
            consultation=c,
            audience=Audience.CITIZENS,
            gatherings=[
                (Body.COUNCIL, Form.CONFERENCE),
                (Body.FRONT, Form.CONFERENCE),
                (Body.COMMITTEE, Form.PUBLIC_PAGE),
            ],
            window_start=start_day,
            window_end=start_day + dt.timedelta(days=25),
        )
    else:
        services.set_audience(
            actor=world.bob,
            consultation=c,
            audience=Audience.STAFF,
            gatherings=[(Body.UNION, Form.CHAT_GROUP)],
            window_start=start_day,
            window_end=start_day + dt.timedelta(days=10),
        )
    return c


@pytest.fixture
def consultation(world, start_day) -> Consultation:  # type: ignore[no-untyped-def]
    c = build(world, start_day)
    services.publish_consultation(actor=world.bob, consultation=c)
    c.refresh_from_db()
    return c


@pytest.fixture
def actors(world, consultation) -> Actors:  # type: ignore[no-untyped-def]
    council = f.UserFactory(username="hdnd")
    front = f.UserFactory(username="mttq")
    union = f.UserFactory(username="congdoan")
    supervisor = f.UserFactory(username="giamsat")
    drafter = f.UserFactory(username="soanthao")
    village_head = f.UserFactory(username="truongthon")
    f.give_role(council, Role.COUNCIL_REP, world.commune_a)
    f.give_role(front, Role.FRONT_REP, world.commune_a)
    f.give_role(union, Role.UNION_REP, world.commune_a)
    f.give_role(supervisor, Role.SUPERVISOR, world.province)
    f.give_role(drafter, Role.DRAFTING_TEAM, record=consultation)
    f.give_role(village_head, Role.VILLAGE_HEAD, world.village_a1)
    return Actors(council, front, union, supervisor, drafter, village_head)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Evidence uploads go to a temporary folder, not the working tree's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def evidence(name: str = "bien-ban.png") -> SimpleUploadedFile:
    """A small photo, as uploaded to prove a back-dated day."""
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def nine_am(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def at(clock):  # type: ignore[no-untyped-def]
    """Move the frozen clock to 09:00 of a day: ``at(day)``."""

    def move(day: dt.date) -> None:
        clock.move_to(nine_am(day))

    return move


@pytest.fixture
def publish_on(world, at):  # type: ignore[no-untyped-def]
    """Publish the summary on ``day``, told to the platform that day (the clock moves there)."""

    def publish(c: Consultation, day: dt.date) -> Consultation:
        at(day)
        return services.publish_summary(actor=world.bob, consultation=c)

    return publish
