"""Time the province dashboard of a survey round on PostgreSQL (target: under 1 s).

    .venv/bin/python bench/survey_dashboard.py [--communes 100] [--forms 150] [--db NAME] [--keep]

Creates a scratch database (``--db``, default ``danchu_bench_surveys``: give your own name when
several people share the server) on the local PostgreSQL
(``BENCH_PG``, default ``postgres://postgres@127.0.0.1:5432``), migrates it, builds one province
with N communes × 6 positions × M forms (≈ 90,000 forms by default), sends the reports of two
communes in three the way the platform does (``report_commune``: issued, numbered, figures
stored; some back-dated with a reason and evidence), then renders the round's dashboard page as
the province's Home Affairs officer and prints the wall time and the number of SQL queries, and
checks that the reported communes show their figures. The scratch database is dropped at the
end unless ``--keep``.

Issue 16: it also times the bare SQL GROUP BY over the round's forms (forms per commune and
answer, the least any dashboard of live counts would cost) and prints the page's time beside it.
Targets: under 1 s and at most 2× the bare GROUP BY. The sent reports' figures are read from
their tally rows (``ReportTally``), a few integers per commune. ``--size national`` builds the
issue's national size (3,321 communes × 150 forms per civil servant, ≈ 3 million forms: hours
to build); the default stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "danchu_bench_surveys"


BARE_GROUP_BY = """
    SELECT f.commune_survey_id, f.overall, COUNT(*)
    FROM surveys_form f JOIN surveys_communesurvey c ON c.id = f.commune_survey_id
    WHERE c.round_id = %s
    GROUP BY f.commune_survey_id, f.overall
"""
"""The reference: the round's forms counted per commune and answer, nothing else."""


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def build(communes: int, forms_per: int) -> int:
    from danchu.accounts.models import Role, RoleAssignment, User
    from danchu.people.models import Assignment, Person
    from danchu.surveys import services
    from danchu.surveys.models import CommuneSurvey, Form, Subject
    from danchu.units.models import AdminUnit, Agency, AgencyKind, MapVersion, UnitKind

    valid_from = dt.date(2025, 7, 1)
    province = AdminUnit.objects.create(
        code="B01",
        name="Tỉnh Thử Tải",
        kind=UnitKind.TINH,
        map_version="2025",
        valid_from=valid_from,
    )
    units = [
        AdminUnit(
            code=f"B{n:05d}",
            name=f"Xã Thử {n:03d}",
            kind=UnitKind.XA,
            map_version=MapVersion.Y2025,
            valid_from=valid_from,
            parent=province,
            level=3,
            path=f"{province.path}",
        )
        for n in range(communes)
    ]
    AdminUnit.objects.bulk_create(units)
    for u in AdminUnit.objects.filter(parent=province):
        AdminUnit.objects.filter(pk=u.pk).update(path=f"{province.path}{u.pk}/")
    units = list(AdminUnit.objects.filter(parent=province).order_by("code"))
    Agency.objects.bulk_create(
        Agency(unit=u, kind=AgencyKind.UBND, name=f"UBND {u.name}", short_name="UBND")
        for u in units
    )
    agencies = {a.unit_id: a for a in Agency.objects.filter(unit__in=units)}
    positions = services.seed_positions()
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Nguyễn Văn Công {i:05d}",
            given_name=f"Công {i:05d}",
            gender="M",
            home_unit=units[i // len(positions)],
        )
        for i in range(communes * len(positions))
    )
    Assignment.objects.bulk_create(
        Assignment(
            person=people[i * len(positions) + j],
            position=p,
            agency=agencies[u.pk],
            start_date=dt.date(2020, 1, 1),
        )
        for i, u in enumerate(units)
        for j, (p, _low) in enumerate(positions)
    )
    alice = User.objects.create(username="bench-noivu")
    RoleAssignment.objects.create(
        user=alice, role=Role.HOME_AFFAIRS, unit=province, valid_from=dt.date(2020, 1, 1)
    )
    round_ = services.create_round(
        actor=alice,
        plan_unit=province,
        year=2026,
        title="Kế hoạch thử tải 2026",
        report_before=dt.date(2026, 11, 25),
    )
    template = services.ensure_default_template()
    rng = random.Random(6)
    for i, cs in enumerate(CommuneSurvey.objects.filter(round=round_).order_by("unit__code")):
        cs.survey_on = dt.date(2026, 11, 10)
        cs.notified_on = dt.date(2026, 10, 30)
        cs.save()
        services.compute_subjects(actor=alice, commune_survey=cs)
        batch = []
        for s in Subject.objects.filter(commune_survey=cs):
            for n in range(forms_per):
                roll = rng.random()
                overall = "1" if roll < 0.8 else "0" if roll < 0.97 else "blank"
                batch.append(
                    Form(
                        commune_survey=cs,
                        subject=s,
                        serial=s.serial(n + 1),
                        template=template,
                        channel="paper",
                        group="CB" if n < 20 else "KCT" if n < 35 else "ND",
                        overall=overall,
                        valid=overall != "blank",
                        flagged_items=[],
                        collected_on=cs.survey_on,
                    )
                )
        Form.objects.bulk_create(batch, batch_size=2000)
        if i % 3:  # two communes in three report, as the platform does: issued, with figures
            report(cs, alice, backdated=dt.date(2026, 11, 20 + i % 8) if i % 3 == 2 else None)
    return round_.pk


def report(cs: Any, actor: Any, *, backdated: dt.date | None) -> None:
    """The commune's committee (SV6) and its report issued through ``report_commune`` (number,
    stored PDF/DOCX/XLSX and figures), back-dated with a reason and evidence when asked."""
    from django.core.files.base import ContentFile

    from danchu.surveys import services

    services.set_committee(
        actor=actor,
        round_=cs.round,
        unit=cs.unit,
        members=[
            {"full_name": "Lê Văn Phó", "kind": "vice_chairman", "leader": True},
            {"full_name": "A Vương", "kind": "youth_secretary", "secretary": True},
            {"full_name": "Y Mai", "kind": "front"},
        ],
    )
    extra: dict[str, Any] = {}
    if backdated is not None:
        extra = {
            "on": backdated,
            "reason": "Báo cáo giấy gửi đúng ngày, nhập lên hệ thống sau.",
            "evidence": ContentFile(b"%PDF-1.4\n% scan\n", name="bao-cao.pdf"),
        }
    services.report_commune(actor=actor, commune_survey=cs, **extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--forms", type=int, default=150)
    parser.add_argument(
        "--size", choices=["small", "national"], default="small", help="national: 3,321 communes"
    )
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--db", default=DB_NAME, help="scratch database name (dropped first)")
    args = parser.parse_args()
    if args.size == "national":
        args.communes, args.forms = 3321, 150
    if not args.db.replace("_", "").isalnum():
        parser.error("--db: letters, digits and _ only")

    _admin(f"DROP DATABASE IF EXISTS {args.db}")
    _admin(f"CREATE DATABASE {args.db}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, setup_test_environment
        from django.urls import reverse

        from danchu.accounts.models import User
        from danchu.surveys.models import Form

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        round_pk = build(args.communes, args.forms)
        print(
            f"built {args.communes} communes × 6 positions, {Form.objects.count():,} forms "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        setup_test_environment()
        client = Client()
        client.force_login(
            User.objects.get(username="bench-noivu"),
            backend="danchu.accounts.backends.UsernameOrEmailBackend",
        )
        url = reverse("surveys:round", args=[round_pk])
        client.get(url)  # warm up (templates, translations)
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
        from danchu.core import clock
        from danchu.surveys import selectors
        from danchu.surveys.models import Round

        board = selectors.dashboard(Round.objects.get(pk=round_pk), clock.today())
        shown = sum(1 for r in board.rows if r.reported_figures and r.collected)
        expected = sum(1 for r in board.rows if r.commune_survey.reported)
        assert shown == expected > 0, (shown, expected)
        print(f"{shown} reported communes show their reported figures")
        best = min(timings)
        bare = []
        for _ in range(3):
            with connection.cursor() as cursor:
                t0 = time.perf_counter()
                cursor.execute(BARE_GROUP_BY, [round_pk])
                cursor.fetchall()
                bare.append(time.perf_counter() - t0)
        floor = min(bare)
        ratio = best / floor
        print(
            f"province dashboard ({args.communes} communes): best {best * 1000:.0f} ms of 3, "
            f"{len(queries)} SQL queries, {len(response.content) / 1024:.0f} KiB; bare GROUP BY "
            f"{floor * 1000:.0f} ms; {ratio:.2f}× (targets < 1 s: "
            f"{'OK' if best < 1 else 'MISSED'}; ≤ 2× the GROUP BY: "
            f"{'OK' if ratio <= 2 else 'MISSED'})"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin(f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    main()
