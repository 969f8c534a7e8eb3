"""Roster import: people, their posts (assignments) and accounts, from one CSV/XLSX file.

One row is one person, with at most one post and at most one account. The whole file is checked
first (:func:`check_roster`); :func:`import_roster` writes all rows in one transaction only when
no row has a problem. Role grants go through ``accounts.services.grant_role`` (audited), and the
import itself is one audit entry listing what it created.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest

from danchu.accounts import access
from danchu.accounts.access import ROLE_CAPABILITIES, Cap
from danchu.accounts.models import Role, User
from danchu.accounts.services import grant_role
from danchu.audit import services as audit
from danchu.core import clock
from danchu.core.text import fold
from danchu.dataio.imports import Column, ImportResult, choice, date, read_rows
from danchu.people.models import Assignment, Gender, HowStarted, Person, Position
from danchu.people.rules import birth_date_problem, validate_national_id
from danchu.units.models import AdminUnit, Agency, AgencyKind

HOW_STARTED = {
    "Bổ nhiệm": HowStarted.APPOINTED,
    "Bầu": HowStarted.ELECTED,
    "Điều động": HowStarted.TRANSFERRED,
    "Tuyển dụng": HowStarted.RECRUITED,
    "Khác": HowStarted.OTHER,
}
ROLE_NAMES = {
    "Cán bộ Nội vụ": Role.HOME_AFFAIRS,
    "Chủ tịch": Role.CHAIRMAN,
    "Phó Chủ tịch": Role.VICE_CHAIRMAN,
    "Cán bộ": Role.OFFICER,
    "Giám sát": Role.SUPERVISOR,
    "Đại diện HĐND": Role.COUNCIL_REP,
    "Đại diện MTTQ": Role.FRONT_REP,
    "Đại diện Công đoàn": Role.UNION_REP,
    "Trưởng thôn": Role.VILLAGE_HEAD,
}
"""The unit roles an import may give, by their Vietnamese names (the codes are accepted too).
System administrators and record roles (counting board…) are never imported."""
_ROLE_CHOICES: dict[str, Any] = {
    **ROLE_NAMES,
    **{str(r): r for r in ROLE_CAPABILITIES if r != Role.SYSTEM_ADMIN},
}


def national_id(value: Any) -> str:
    text = str(value)
    if not (len(text) == 12 and text.isdigit()):
        hint = ""
        if text.isdigit() and len(text) < 12:
            hint = " Nếu số bắt đầu bằng 0, hãy định dạng cột là Văn bản (Text) trong Excel."
        raise ValueError(f"«{text}» phải gồm đúng 12 chữ số.{hint}")
    return text


COLUMNS = [
    Column("full_name", "Họ và tên", ("ho ten", "ho va ten")),
    Column(
        "gender",
        "Giới tính",
        ("gioi tinh",),
        parse=choice({"Nam": Gender.MALE, "Nữ": Gender.FEMALE}),
    ),
    Column("date_of_birth", "Ngày sinh", required=False, parse=date),
    Column(
        "national_id",
        "Số định danh cá nhân",
        ("so dinh danh", "CCCD", "so CCCD"),
        required=False,
        parse=national_id,
    ),
    Column("unit_code", "Mã đơn vị", ("ma don vi",)),
    Column("position_code", "Mã chức danh", ("ma chuc danh",), required=False),
    Column("agency", "Cơ quan", ("co quan",), required=False),
    Column("start_date", "Từ ngày", ("tu ngay",), required=False, parse=date),
    Column("end_date", "Đến ngày", ("den ngay",), required=False, parse=date),
    Column("how_started", "Hình thức", ("hinh thuc",), required=False, parse=choice(HOW_STARTED)),
    Column("username", "Tên đăng nhập", ("ten dang nhap",), required=False),
    Column("email", "Thư điện tử", ("email",), required=False),
    Column("role", "Vai trò", ("vai tro",), required=False, parse=choice(_ROLE_CHOICES)),
    Column("role_unit_code", "Mã đơn vị của vai trò", required=False),
    Column("password", "Mật khẩu ban đầu", ("mat khau",), required=False),
]
HEADER = {c.key: c.header for c in COLUMNS}

Step = Callable[[int, int, str], None]
"""Progress of a long import, ``step(done, total, text)`` (a background job's progress bar)."""
STEP_ROWS = 200
CHECKING = "Đang kiểm tra từng dòng"
WRITING = "Đang ghi (tất cả hoặc không gì)"

EXAMPLE_ROWS: list[list[Any]] = [
    [
        "Nguyễn Thị Hoà",
        "Nữ",
        dt.date(1985, 3, 14),
        "001185000123",
        "23479",
        "chu-tich-ubnd-xa",
        "UBND",
        dt.date(2021, 7, 1),
        "",
        "Bầu",
        "hoa.nt",
        "hoa.nt@example.vn",
        "Chủ tịch",
        "",
        "",
    ],
    [
        "Trần Văn Đức",
        "Nam",
        dt.date(1979, 11, 2),
        "",
        "23479-01",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]


@dataclass
class _Plan:
    row: dict[str, Any]
    home_unit: AdminUnit
    position: Position | None = None
    agency: Agency | None = None
    role_unit: AdminUnit | None = None


@dataclass
class RosterOutcome:
    result: ImportResult
    people: int = 0
    assignments: int = 0
    accounts: int = 0
    plans: list[_Plan] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok


def unit_codes_within(root: AdminUnit, on: dt.date) -> dict[str, AdminUnit]:
    """Codes of ``root`` and every unit below it, the unit in force on ``on`` winning."""
    found: dict[str, AdminUnit] = {}
    for unit in AdminUnit.objects.within(root).order_by("valid_from"):
        current = found.get(unit.code)
        if current is None or (unit.in_force_on(on) and not current.in_force_on(on)):
            found[unit.code] = unit
    return found


def _find_agency(unit: AdminUnit, name: str | None) -> Agency | list[Agency] | None:
    agencies = list(unit.agencies.all())
    if not name:
        ubnd = [a for a in agencies if a.kind == AgencyKind.UBND]
        return ubnd[0] if len(ubnd) == 1 else None
    key = fold(name)
    matches = [
        a
        for a in agencies
        if key in {fold(a.short_name), fold(a.name), fold(a.kind), fold(str(a.get_kind_display()))}
    ]
    if len(matches) == 1:
        return matches[0]
    return matches or None


def check_roster(
    *, actor: Any, unit: AdminUnit, source: Any, progress: Step | None = None
) -> RosterOutcome:
    """Read and check the whole file; nothing is written."""
    if actor is not None and not access.has_capability(actor, Cap.MANAGE_UNIT, unit):
        raise PermissionDenied
    result = read_rows(source, COLUMNS)
    total = len(result.rows)
    outcome = RosterOutcome(result)
    today = clock.today()
    codes = unit_codes_within(unit, today)
    positions = {p.code: p for p in Position.objects.all()}
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple[str, Any, int], int] = {}
    seen_users: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    ids_in_file = [r["national_id"] for r in result.rows if r.get("national_id")]
    taken_ids = set(
        Person.objects.filter(national_id__in=ids_in_file).values_list("national_id", flat=True)
    )
    names_in_file = [r["username"] for r in result.rows if r.get("username")]
    taken_users = {
        n.lower()
        for n in User.objects.filter(username__in=names_in_file).values_list("username", flat=True)
    }
    emails_in_file = [r["email"].lower() for r in result.rows if r.get("email")]
    taken_emails = {
        e.lower()
        for e in User.objects.filter(email__in=emails_in_file).values_list("email", flat=True)
    }
    username_ok = UnicodeUsernameValidator()

    for index, (line, row) in enumerate(result.numbered()):
        if progress is not None and index % STEP_ROWS == 0:
            progress(index, total, CHECKING)

        def err(key: str, message: str, line: int = line) -> None:
            result.add(line, HEADER[key], message)

        home = codes.get(row["unit_code"]) if row.get("unit_code") else None
        if row.get("unit_code") and home is None:
            err(
                "unit_code",
                f"Mã đơn vị «{row['unit_code']}» không có trong {unit.name} "
                "hoặc các đơn vị trực thuộc.",
            )
        # ID1: 12 digits, province code, century/sex and year matching the row.
        nid = row.get("national_id")
        if nid:
            for problem in validate_national_id(nid, row.get("date_of_birth"), row.get("gender")):
                err("national_id", problem)
            if nid in seen_ids:
                err("national_id", f"Số định danh «{nid}» trùng với dòng {seen_ids[nid]}.")
            else:
                seen_ids[nid] = line
            if nid in taken_ids:
                err("national_id", f"Số định danh «{nid}» đã có trong hệ thống.")
        dob = row.get("date_of_birth")
        if dob_problem := birth_date_problem(dob, today):
            err("date_of_birth", dob_problem)
        if home is not None and row.get("full_name"):
            key = (fold(row["full_name"]), dob, home.pk)
            if key in seen_people:
                err(
                    "full_name", f"Người này đã có ở dòng {seen_people[key]} (cùng tên, ngày sinh)."
                )
            else:
                seen_people[key] = line
            if not nid and (
                Person.objects.filter(
                    search_name=key[0], date_of_birth=dob, home_unit=home
                ).exists()
            ):
                err(
                    "full_name",
                    f"Đã có «{row['full_name']}» cùng ngày sinh ở {home.name} trong hệ thống "
                    "(tệp này có thể đã được nhập).",
                )
        plan = _Plan(row=row, home_unit=home) if home is not None else None

        # The post (assignment).
        code = row.get("position_code")
        if code:
            position = positions.get(code)
            if position is None:
                err("position_code", f"Mã chức danh «{code}» không có trong danh mục chức danh.")
            if not row.get("start_date"):
                err("start_date", "Có chức danh thì phải có ngày bắt đầu giữ chức.")
            if home is not None:
                agency = _find_agency(home, row.get("agency"))
                if agency is None:
                    err(
                        "agency",
                        f"Không tìm thấy cơ quan «{row.get('agency') or 'UBND'}» của {home.name}.",
                    )
                elif isinstance(agency, list):
                    err("agency", f"«{row['agency']}» khớp với nhiều cơ quan; hãy ghi tên đầy đủ.")
                elif plan is not None:
                    plan.agency = agency
            if plan is not None:
                plan.position = position
        elif row.get("start_date") or row.get("end_date") or row.get("agency"):
            err("position_code", "Có ngày giữ chức hoặc cơ quan nhưng thiếu mã chức danh.")
        start, end = row.get("start_date"), row.get("end_date")
        if start and end and end < start:
            err(
                "end_date",
                f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.",
            )

        # The account.
        username = row.get("username")
        if username:
            try:
                username_ok(username)
            except ValidationError:
                err(
                    "username",
                    f"Tên đăng nhập «{username}» chỉ được gồm chữ, số và các ký tự @ . + - _.",
                )
            if username.lower() in seen_users:
                err("username", f"Tên đăng nhập trùng với dòng {seen_users[username.lower()]}.")
            else:
                seen_users[username.lower()] = line
            if username.lower() in taken_users:
                err("username", f"Tên đăng nhập «{username}» đã có người dùng.")
            if not row.get("role") and not result.has_error(line, HEADER["role"]):
                err("role", "Tài khoản mới phải có vai trò.")
            email = row.get("email")
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    err("email", f"«{email}» không phải địa chỉ thư điện tử hợp lệ.")
                if email.lower() in seen_emails:
                    err("email", f"Thư điện tử trùng với dòng {seen_emails[email.lower()]}.")
                else:
                    seen_emails[email.lower()] = line
                if email.lower() in taken_emails:
                    err("email", f"Thư điện tử «{email}» đã được dùng cho tài khoản khác.")
            if row.get("password"):
                try:
                    validate_password(row["password"], User(username=username, email=email or ""))
                except ValidationError as exc:
                    err("password", " ".join(str(m) for m in exc.messages))
            role_code = row.get("role_unit_code") or row.get("unit_code")
            role_unit = codes.get(role_code) if role_code else None
            if row.get("role_unit_code") and role_unit is None:
                err(
                    "role_unit_code",
                    f"Mã đơn vị «{role_code}» không có trong {unit.name} "
                    "hoặc các đơn vị trực thuộc.",
                )
            if role_unit is not None and row.get("role"):
                if actor is not None and not access.can_grant(actor, row["role"], role_unit):
                    err(
                        "role",
                        f"Bạn không có quyền giao vai trò này tại {role_unit.name}.",
                    )
                if plan is not None:
                    plan.role_unit = role_unit
        else:
            for only in ("email", "role", "role_unit_code", "password"):
                if row.get(only):
                    err(only, "Cột này chỉ dùng khi có tên đăng nhập.")
        if plan is not None:
            outcome.plans.append(plan)
    return outcome


def import_roster(
    *,
    actor: Any,
    unit: AdminUnit,
    source: Any,
    request: HttpRequest | None = None,
    progress: Step | None = None,
    within: Callable[[RosterOutcome], None] | None = None,
) -> RosterOutcome:
    """Check the whole file, then write every row, or nothing if any row has a problem.

    ``progress`` hears how far the check and the write are; ``within(outcome)`` is called
    inside the write's transaction, after the last row (a background job marks its work done
    there, so a retried job never imports the file twice)."""
    outcome = check_roster(actor=actor, unit=unit, source=source, progress=progress)
    if not outcome.ok:
        return outcome
    created: list[int] = []
    total = len(outcome.plans)
    if progress is not None:  # said before the write: SQLite shows nothing more until it ends
        progress(0, total, WRITING)
    with transaction.atomic():
        for index, plan in enumerate(outcome.plans):
            if progress is not None and index % STEP_ROWS == 0:
                progress(index, total, WRITING)
            row = plan.row
            person = Person(
                full_name=row["full_name"],
                gender=row["gender"],
                date_of_birth=row.get("date_of_birth"),
                national_id=row.get("national_id"),
                home_unit=plan.home_unit,
            )
            person.save()
            created.append(person.pk)
            outcome.people += 1
            if plan.position is not None and plan.agency is not None:
                Assignment.objects.create(
                    person=person,
                    position=plan.position,
                    agency=plan.agency,
                    start_date=row["start_date"],
                    end_date=row.get("end_date"),
                    how_started=row.get("how_started") or HowStarted.APPOINTED,
                )
                outcome.assignments += 1
            if row.get("username"):
                user = User(username=row["username"], email=row.get("email") or "", person=person)
                if row.get("password"):
                    user.set_password(row["password"])
                    user.must_change_password = True  # issue 19: chosen by the user at login
                else:
                    user.set_unusable_password()
                user.save()
                grant_role(
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                    user=user,
                    role=row["role"],
                    unit=plan.role_unit,
                    request=request,
                )
                outcome.accounts += 1
        audit.log(
            actor=actor,
            action="dataio.roster.imported",
            changes={
                "file": str(getattr(source, "name", source)).rsplit("/", 1)[-1],
                "people": outcome.people,
                "assignments": outcome.assignments,
                "accounts": outcome.accounts,
                "person_ids": created,
            },
            request=request,
            unit=unit,
        )
        if within is not None:
            within(outcome)
    return outcome
