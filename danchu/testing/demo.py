"""The demo world on the real map: Quảng Ngãi province (2025 map, which absorbed Kon Tum — the
place of seed 001), four of its real communes, villages, agencies, about forty people with
histories, a 2021–2026 term and one account per role.

``danchu demo`` builds it with :func:`build_demo` and then calls ``build(demo)`` in
``danchu/<app>/demo.py`` of each process app (votes, surveys, consultations) that has one. Those
builders get a :class:`DemoWorld` and use:

- ``demo.province``, ``demo.communes`` (a list; ``demo.communes[0]`` is Xã Đăk Rve),
  ``demo.villages[commune.code]``, ``demo.agency(unit, AgencyKind.UBND)``,
  ``demo.people[key]`` / ``demo.holder(commune, position_code)``, ``demo.positions[code]``,
  ``demo.term``, ``demo.today``;
- ``demo.make_user(username, role, unit=None, record=None, person=None)``, which creates the
  user once (password :data:`DEMO_PASSWORD`), adds the role if missing and lists the login.
  The accounts for record roles already exist without a record (``tochuc``, ``kiemphieu``,
  ``tokhaosat``, ``thuky``, ``soanthao``); a process app gives them their record by calling
  ``make_user`` again with the same username and ``record=...``.

Everything is idempotent: a second run finds what the first one made and adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from danchu.accounts.models import Role, RoleAssignment, User
from danchu.core import clock
from danchu.people import services as people_services
from danchu.people.models import Assignment, HowStarted, Person, Position, Term
from danchu.people.seed import ensure_positions
from danchu.units import services as unit_services
from danchu.units.models import AdminUnit, Agency, AgencyKind, Level, MapVersion, UnitKind

DEMO_PASSWORD = "danchu-demo"
PROVINCE_CODE = "51"  # Tỉnh Quảng Ngãi on the 2025 map
# (2025 code, expected name): real communes of Quảng Ngãi; the first two were in Kon Rẫy district.
COMMUNES = [
    ("23479", "Xã Đăk Rve"),
    ("23485", "Xã Đăk Kôi"),
    ("23293", "Phường Kon Tum"),
    ("21025", "Phường Cẩm Thành"),
]
LEGACY_TOWN = "23479"  # Thị trấn Đăk Rve, Huyện Kon Rẫy, Tỉnh Kon Tum (before 1 July 2025)
LEGACY_DISTRICT = "561"  # Huyện Kon Rẫy
NEW_MAP = dt.date(2025, 7, 1)
BEFORE_NEW_MAP = dt.date(2025, 6, 30)

# The nine posts held in every demo commune, then the people who hold them, commune by commune:
# (full name, gender, year of birth).
COMMUNE_POSTS = [
    "chu-tich-ubnd-xa",
    "pho-chu-tich-ubnd-xa",
    "chu-tich-hdnd-xa",
    "cs-van-phong-thong-ke",
    "cs-quan-su",
    "cs-dia-chinh",
    "cs-tai-chinh-ke-toan",
    "cs-tu-phap-ho-tich",
    "cs-van-hoa-xa-hoi",
]
COMMUNE_PEOPLE: list[list[tuple[str, str, int]]] = [
    [  # Xã Đăk Rve
        ("A Thiên", "M", 1976),
        ("Lê Văn Hùng", "M", 1965),
        ("Y Liên", "F", 1979),
        ("Nguyễn Thị Thanh Hoà", "F", 1990),
        ("A Duân", "M", 1984),
        ("Trần Quốc Bảo", "M", 1987),
        ("Phan Thị Ngọc Ánh", "F", 1989),
        ("Phạm Thị Thuỷ", "F", 1986),
        ("Y Blông", "F", 1992),
    ],
    [  # Xã Đăk Kôi
        ("Đinh Văn Thắng", "M", 1974),
        ("A Nhong", "M", 1980),
        ("Y Hồng", "F", 1977),
        ("Võ Thị Kim Oanh", "F", 1991),
        ("A Phong", "M", 1985),
        ("Huỳnh Văn Đức", "M", 1983),
        ("Lương Thị Mai", "F", 1988),
        None,  # type: ignore[list-item]  # the Tư pháp post is filled by the transfer
        ("Y Xuân", "F", 1993),
    ],
    [  # Phường Kon Tum
        ("Hoàng Văn Nam", "M", 1975),
        ("Bùi Thị Lan", "F", 1978),
        ("Ngô Đức Thịnh", "M", 1969),
        ("Đỗ Thị Hương", "F", 1990),
        ("Trương Văn Long", "M", 1982),
        ("Vũ Minh Khoa", "M", 1986),
        ("Lý Thị Thu Trang", "F", 1987),
        ("Mai Văn Tâm", "M", 1984),
        ("Tạ Thị Yến", "F", 1994),
    ],
    [  # Phường Cẩm Thành
        ("Nguyễn Văn Dũng", "M", 1973),
        ("Trần Thị Hải Yến", "F", 1980),
        ("Phạm Văn Sơn", "M", 1968),
        ("Lê Thị Thuý Hằng", "F", 1989),
        ("Nguyễn Hữu Phước", "M", 1983),
        ("Đặng Thị Mỹ Linh", "F", 1988),
        ("Huỳnh Thị Kiều", "F", 1985),
        ("Trịnh Văn Quang", "M", 1981),
        ("Châu Thị Ngọc Hân", "F", 1995),
    ],
]
# Extra posts in Xã Đăk Rve (SV6's survey committee draws on them) and one village head.
EXTRA_PEOPLE = [
    ("bi-thu-doan-tn-xa", AgencyKind.DOAN_TN, ("A Vương", "M", 1995)),
    ("chu-tich-mttq-xa", AgencyKind.MTTQ, ("Y Mai", "F", 1970)),
    ("chu-nhiem-ubkt-xa", AgencyKind.UBKT, ("Nguyễn Văn Lực", "M", 1972)),
    ("chu-tich-cong-doan-xa", AgencyKind.CONG_DOAN, ("Trần Thị Bích", "F", 1983)),
]
VILLAGE_HEAD = ("A Kiên", "M", 1978)
PROVINCE_PEOPLE = [
    ("chu-tich-ubnd-tinh", AgencyKind.UBND, ("Đặng Quang Vinh", "M", 1970)),
    ("pho-chu-tich-ubnd-tinh", AgencyKind.UBND, ("Lê Thị Hòa", "F", 1974)),
    ("giam-doc-so", AgencyKind.NOI_VU, ("Nguyễn Thị Thu Hà", "F", 1972)),
    ("chuyen-vien", AgencyKind.NOI_VU, ("Trần Minh Tuấn", "M", 1988)),
]
REPLACEMENT_CLERK = ("Hồ Văn Lợi", "M", 1996)  # recruited to Đăk Rve after the transfer
ELECTED_POSTS = {"chu-tich-ubnd-xa", "chu-tich-hdnd-xa", "pho-chu-tich-ubnd-xa"}


@dataclass
class Login:
    username: str
    password: str
    role: str
    where: str


@dataclass
class DemoWorld:
    today: dt.date
    province: AdminUnit
    communes: list[AdminUnit]
    villages: dict[str, list[AdminUnit]]
    agencies: dict[tuple[int, str], Agency]
    positions: dict[str, Position]
    term: Term
    people: dict[str, Person] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    password: str = DEMO_PASSWORD

    def agency(self, unit: AdminUnit, kind: str) -> Agency:
        return self.agencies[(unit.pk, kind)]

    def holder(self, unit: AdminUnit, position_code: str) -> Person | None:
        """Who holds ``position_code`` in ``unit`` today."""
        found = (
            Assignment.objects.active_on(self.today)
            .filter(agency__unit=unit, position__code=position_code)
            .select_related("person")
            .first()
        )
        return found.person if found else None

    def make_user(
        self,
        username: str,
        role: str,
        unit: AdminUnit | None = None,
        record: Any = None,
        person: Person | None = None,
    ) -> User:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(self.password)
            if role == Role.SYSTEM_ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        if person is not None and user.person_id != person.pk:
            user.person = person
            user.save(update_fields=["person"])
        roles = RoleAssignment.objects.filter(user=user, role=role, unit=unit)
        if record is not None:
            ct = ContentType.objects.get_for_model(record)
            roles = roles.filter(record_type=ct, record_id=record.pk)
        else:
            roles = roles.filter(record_id__isnull=True)
        if not roles.exists():
            ra = RoleAssignment(user=user, role=role, unit=unit, valid_from=dt.date(2020, 1, 1))
            if record is not None:
                ra.record = record
            ra.clean()
            ra.save()
        if record is not None:
            where = str(record)
        elif unit is None:
            where = "—"
        elif unit.level == Level.VILLAGE and unit.parent is not None:
            where = f"{unit.name}, {unit.parent.name}"
        else:
            where = unit.name
        login = Login(username, self.password, str(Role(role).label), where)
        if login not in self.logins:
            self.logins.append(login)
        return user

    def login_table(self) -> list[Login]:
        """The logins, each listed once, grouped by username in the order they first came."""
        first: dict[str, int] = {}
        for index, login in enumerate(self.logins):
            first.setdefault(login.username, index)
        return sorted(self.logins, key=lambda x: first[x.username])


def lower_first(name: str) -> str:
    """ "Xã Đăk Rve" → "xã Đăk Rve", for "Ủy ban nhân dân xã Đăk Rve"."""
    return name[:1].lower() + name[1:]


def ensure_units() -> None:
    """Load the official maps if this database does not have them yet."""
    has_new = AdminUnit.objects.filter(map_version=MapVersion.Y2025, code=PROVINCE_CODE).exists()
    has_old = AdminUnit.objects.filter(map_version=MapVersion.LEGACY, code=LEGACY_TOWN).exists()
    if not (has_new and has_old):
        unit_services.load_official_units(which="all")


def _agency(
    unit: AdminUnit, kind: str, name: str, short: str, superior: Agency | None = None
) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        unit=unit,
        kind=kind,
        name=name,
        defaults={"short_name": short, "superior": superior, "valid_from": unit.valid_from},
    )
    return agency


def _commune_agencies(unit: AdminUnit, ubnd_province: Agency) -> dict[tuple[int, str], Agency]:
    of = lower_first(unit.name)
    specs = [
        (AgencyKind.UBND, f"Ủy ban nhân dân {of}", "UBND", ubnd_province),
        (AgencyKind.HDND, f"Hội đồng nhân dân {of}", "HĐND", None),
        (AgencyKind.MTTQ, f"Ủy ban Mặt trận Tổ quốc Việt Nam {of}", "MTTQ", None),
        (AgencyKind.DANG_UY, f"Đảng ủy {of}", "ĐU", None),
        (AgencyKind.UBKT, f"Ủy ban Kiểm tra Đảng ủy {of}", "UBKT", None),
        (AgencyKind.CONG_DOAN, f"Công đoàn cơ sở {of}", "CĐ", None),
        (AgencyKind.DOAN_TN, f"Đoàn Thanh niên Cộng sản Hồ Chí Minh {of}", "ĐTN", None),
        (AgencyKind.QUAN_SU, f"Ban Chỉ huy Quân sự {of}", "BCHQS", None),
    ]
    return {
        (unit.pk, kind): _agency(unit, kind, name, short, superior)
        for kind, name, short, superior in specs
    }


def _villages(commune: AdminUnit) -> list[AdminUnit]:
    ward = commune.kind == UnitKind.PHUONG
    kind = UnitKind.TO_DAN_PHO if ward else UnitKind.THON
    result = []
    for n in range(1, 6):
        code = f"TDP{n:02d}" if ward else f"{n:02d}"
        name = f"Tổ dân phố {n}" if ward else f"Thôn {n}"
        village = AdminUnit.objects.filter(
            parent=commune, map_version=MapVersion.LOCAL, code=f"{commune.code}-{code}"
        ).first()
        if village is None:
            village = unit_services.add_village(
                actor=None, commune=commune, kind=kind, code=code, name=name, valid_from=NEW_MAP
            )
        result.append(village)
    return result


def _person(unit: AdminUnit, spec: tuple[str, str, int]) -> tuple[Person, bool]:
    name, gender, year = spec
    born = dt.date(year, (year % 12) + 1, (year % 27) + 1)
    existing = Person.objects.filter(full_name=name, date_of_birth=born).first()
    if existing:
        return existing, False
    person = people_services.create_person(
        actor=None, full_name=name, gender=gender, home_unit=unit, date_of_birth=born
    )
    return person, True


def _post(
    person: Person,
    code: str,
    agency: Agency,
    start: dt.date,
    *,
    term: Term | None,
    how: str = HowStarted.APPOINTED,
    end: dt.date | None = None,
    previous: Assignment | None = None,
) -> Assignment:
    return people_services.add_assignment(
        actor=None,
        person=person,
        position=Position.objects.get(code=code),
        agency=agency,
        start_date=start,
        end_date=end,
        how_started=how,
        term=term if code in ELECTED_POSTS else None,
        previous=previous,
    )


@transaction.atomic
def build_demo(today: dt.date | None = None) -> DemoWorld:
    today = today or clock.today()
    ensure_units()
    ensure_positions()
    province = AdminUnit.objects.get(map_version=MapVersion.Y2025, code=PROVINCE_CODE)
    communes = [
        AdminUnit.objects.get(map_version=MapVersion.Y2025, code=code, parent=province)
        for code, _name in COMMUNES
    ]
    term, _ = Term.objects.get_or_create(
        name="2021–2026", defaults={"start": dt.date(2021, 7, 1), "end": dt.date(2026, 6, 30)}
    )
    agencies: dict[tuple[int, str], Agency] = {}
    ubnd_p = _agency(province, AgencyKind.UBND, "Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND")
    for kind, name, short, superior in [
        (AgencyKind.UBND, ubnd_p.name, "UBND", None),
        (AgencyKind.HDND, "Hội đồng nhân dân tỉnh Quảng Ngãi", "HĐND", None),
        (AgencyKind.NOI_VU, "Sở Nội vụ tỉnh Quảng Ngãi", "SNV", ubnd_p),
        (AgencyKind.MTTQ, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi", "MTTQ", None),
        (AgencyKind.DANG_UY, "Tỉnh ủy Quảng Ngãi", "TU", None),
        (AgencyKind.CONG_DOAN, "Liên đoàn Lao động tỉnh Quảng Ngãi", "LĐLĐ", None),
        (AgencyKind.THANH_TRA, "Thanh tra tỉnh Quảng Ngãi", "TTr", ubnd_p),
    ]:
        agencies[(province.pk, kind)] = _agency(province, kind, name, short, superior)
    for commune in communes:
        agencies.update(_commune_agencies(commune, ubnd_p))
    # The district-era bodies that held the posts before 1 July 2025 (seed 001's Kon Rẫy).
    old_town = AdminUnit.objects.get(map_version=MapVersion.LEGACY, code=LEGACY_TOWN)
    old_district = AdminUnit.objects.get(map_version=MapVersion.LEGACY, code=LEGACY_DISTRICT)
    ubnd_old_district = _agency(
        old_district, AgencyKind.UBND, "Ủy ban nhân dân huyện Kon Rẫy", "UBND"
    )
    _agency(old_district, AgencyKind.NOI_VU, "Phòng Nội vụ huyện Kon Rẫy", "NV", ubnd_old_district)
    ubnd_old_town = _agency(
        old_town, AgencyKind.UBND, "Ủy ban nhân dân thị trấn Đăk Rve", "UBND", ubnd_old_district
    )

    demo = DemoWorld(
        today=today,
        province=province,
        communes=communes,
        villages={c.code: _villages(c) for c in communes},
        agencies=agencies,
        positions={p.code: p for p in Position.objects.all()},
        term=term,
    )
    _people(demo, ubnd_old_town)
    _accounts(demo)
    return demo


def _people(demo: DemoWorld, ubnd_old_town: Agency) -> None:
    today, term = demo.today, demo.term
    province = demo.province
    for code, kind, spec in PROVINCE_PEOPLE:
        person, created = _person(province, spec)
        demo.people[code] = person
        if created:
            _post(person, code, demo.agency(province, kind), dt.date(2025, 7, 1), term=term)

    transfer_on = max(today - dt.timedelta(days=92), NEW_MAP + dt.timedelta(days=1))
    this_year = min(dt.date(today.year, 1, 15), today)
    for index, (commune, people) in enumerate(zip(demo.communes, COMMUNE_PEOPLE, strict=True)):
        ubnd = demo.agency(commune, AgencyKind.UBND)
        hdnd = demo.agency(commune, AgencyKind.HDND)
        for code, spec in zip(COMMUNE_POSTS, people, strict=True):
            if spec is None:
                continue
            person, created = _person(commune, spec)
            demo.people[f"{commune.code}:{code}"] = person
            if not created:
                continue
            agency = hdnd if code == "chu-tich-hdnd-xa" else ubnd
            how = HowStarted.ELECTED if code in ELECTED_POSTS else HowStarted.APPOINTED
            if index == 0 and code in {"chu-tich-ubnd-xa", "cs-tu-phap-ho-tich"}:
                # History across the 2025 reform: the same work in the old township.
                began = dt.date(2021, 7, 1) if code in ELECTED_POSTS else dt.date(2018, 3, 1)
                old = _post(
                    person, code, ubnd_old_town, began, term=term, how=how, end=BEFORE_NEW_MAP
                )
                new = _post(person, code, agency, NEW_MAP, term=term, how=how, previous=old)
                if code == "cs-tu-phap-ho-tich":
                    # A transfer between communes (SV2: < 6 months at the new unit).
                    people_services.record_transfer(
                        actor=None,
                        old=new,
                        agency=demo.agency(demo.communes[1], AgencyKind.UBND),
                        position=demo.positions[code],
                        start_date=transfer_on,
                    )
                    demo.people[f"{demo.communes[1].code}:{code}"] = person
                    clerk, _ = _person(commune, REPLACEMENT_CLERK)
                    _post(clerk, code, agency, transfer_on, term=None, how=HowStarted.RECRUITED)
            elif index == 2 and code == "chu-tich-ubnd-xa":
                # Elected chairman this year, after serving as vice-chairman (CV1).
                _post(
                    person,
                    "pho-chu-tich-ubnd-xa",
                    agency,
                    NEW_MAP,
                    term=term,
                    how=HowStarted.ELECTED,
                    end=this_year - dt.timedelta(days=1),
                )
                _post(person, code, agency, this_year, term=term, how=HowStarted.ELECTED)
            elif index == 2 and code == "pho-chu-tich-ubnd-xa":
                _post(person, code, agency, this_year, term=term, how=HowStarted.ELECTED)
            elif index == 3 and code == "cs-van-hoa-xa-hoi":
                # Recruited two months ago: not surveyed yet (SV2).
                _post(
                    person,
                    code,
                    agency,
                    today - dt.timedelta(days=61),
                    term=None,
                    how=HowStarted.RECRUITED,
                )
            else:
                _post(person, code, agency, NEW_MAP, term=term, how=how)
            if index == 0 and code == "pho-chu-tich-ubnd-xa":
                # An announced retirement: not voted on (CV1).
                people_services.record_retirement(
                    actor=None, person=person, announced_on=today - dt.timedelta(days=20)
                )
    first, second = demo.communes[0], demo.communes[1]
    demo.people[f"{first.code}:cs-tu-phap-ho-tich"] = _person(first, REPLACEMENT_CLERK)[0]
    demo.people[f"{second.code}:cs-tu-phap-ho-tich"] = _person(first, COMMUNE_PEOPLE[0][7])[0]
    for code, kind, spec in EXTRA_PEOPLE:
        person, created = _person(first, spec)
        demo.people[f"{first.code}:{code}"] = person
        if created:
            _post(person, code, demo.agency(first, kind), NEW_MAP, term=term)
    village = demo.villages[first.code][0]
    head, created = _person(village, VILLAGE_HEAD)
    demo.people[f"{village.code}@{first.code}:truong-thon"] = head
    if created:
        _post(
            head,
            "truong-thon",
            demo.agency(first, AgencyKind.UBND),
            NEW_MAP,
            term=None,
            how=HowStarted.ELECTED,
        )


def _accounts(demo: DemoWorld) -> None:
    first = demo.communes[0]
    key = f"{first.code}:"
    plan = [
        ("quantri", Role.SYSTEM_ADMIN, None, None),
        ("noivu", Role.HOME_AFFAIRS, demo.province, demo.people["chuyen-vien"]),
        ("chutich", Role.CHAIRMAN, first, demo.people[key + "chu-tich-ubnd-xa"]),
        ("phochutich", Role.VICE_CHAIRMAN, first, demo.people[key + "pho-chu-tich-ubnd-xa"]),
        ("canbo", Role.OFFICER, first, demo.people[key + "cs-van-phong-thong-ke"]),
        ("giamsat", Role.SUPERVISOR, first, demo.people[key + "chu-nhiem-ubkt-xa"]),
        ("hdnd", Role.COUNCIL_REP, first, demo.people[key + "chu-tich-hdnd-xa"]),
        ("mattran", Role.FRONT_REP, first, demo.people[key + "chu-tich-mttq-xa"]),
        ("congdoan", Role.UNION_REP, first, demo.people[key + "chu-tich-cong-doan-xa"]),
        ("truongthon", Role.VILLAGE_HEAD, demo.villages[first.code][0], None),
        # Record roles: the process apps attach their records to these same accounts.
        ("tochuc", Role.VOTE_ORGANIZER, demo.province, None),
        ("kiemphieu", Role.COUNTING_BOARD, demo.province, None),
        ("tokhaosat", Role.SURVEY_COMMITTEE, first, demo.people[key + "bi-thu-doan-tn-xa"]),
        ("thuky", Role.SURVEY_SECRETARY, first, None),
        ("soanthao", Role.DRAFTING_TEAM, first, None),
    ]
    for username, role, unit, person in plan:
        demo.make_user(username, role, unit=unit, person=person)


def demo_people(demo: DemoWorld) -> int:
    """How many people the demo province keeps records of."""
    return Person.objects.filter(home_unit__path__startswith=demo.province.path).count()
