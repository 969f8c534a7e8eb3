"""Builders for survey tests on the small world (province → communes A and B)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import time_machine
from django.db.models import Q

from danchu.people.models import Assignment, HowStarted, Position
from danchu.surveys import services
from danchu.surveys.models import Committee, CommuneSurvey, Form, Round, Subject
from danchu.testing import factories as f
from danchu.units.models import Agency

D = dt.date
YEAR = 2026
REPORT_BEFORE = D(2026, 11, 25)
SURVEY_ON = D(2026, 11, 15)


def position(code: str) -> Position:
    return Position.objects.get(code=code)


def hold(
    name: str,
    agency: Agency,
    code: str,
    start: dt.date,
    *,
    end: dt.date | None = None,
    how: str = HowStarted.APPOINTED,
    person=None,  # type: ignore[no-untyped-def]
    previous: Assignment | None = None,
) -> Assignment:
    person = person or f.PersonFactory(full_name=name, home_unit=agency.unit)
    return Assignment.objects.create(
        person=person,
        position=position(code),
        agency=agency,
        start_date=start,
        end_date=end,
        how_started=how,
        previous=previous,
    )


def transfer(person, agency: Agency, code: str, start: dt.date) -> Assignment:  # type: ignore[no-untyped-def]
    """``person`` is transferred to a post at ``agency`` from ``start`` (SV2)."""
    return hold("", agency, code, start, how=HowStarted.TRANSFERRED, person=person)


def make_round(world, year: int = YEAR, report_before: dt.date | None = None) -> Round:  # type: ignore[no-untyped-def]
    return services.create_round(
        actor=world.alice,
        plan_unit=world.province,
        year=year,
        title=f"Kế hoạch lấy ý kiến nhân dân năm {year}",
        report_before=report_before or D(year, 11, 25),
        plan_number="224/KH-UBND",
    )


def commune(round_: Round, unit) -> CommuneSurvey:  # type: ignore[no-untyped-def]
    return CommuneSurvey.objects.get(round=round_, unit=unit)


def add_forms(subject: Subject, group: str, overall: str, n: int, start: int = 0) -> None:
    template = services.form_template_for(subject.commune_survey)
    existing = Form.objects.filter(subject=subject).count()
    Form.objects.bulk_create(
        Form(
            commune_survey=subject.commune_survey,
            subject=subject,
            serial=f"T{subject.pk}-{existing + start + i}",
            template=template,
            channel="paper",
            group=group,
            overall=overall,
            valid=overall in ("1", "0"),
            flagged_items=[],
            collected_on=SURVEY_ON,
        )
        for i in range(n)
    )


@contextmanager
def on_day(day: dt.date) -> Iterator[None]:
    """Run the block as if the platform were told on ``day`` (09:00 local, clock stopped)."""
    moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield


def ensure_committee(cs: CommuneSurvey, actor) -> None:  # type: ignore[no-untyped-def]
    """SV6: a valid three-member committee for the commune, unless it has one."""
    if Committee.objects.filter(round=cs.round, unit=cs.unit).exists():
        return
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


def send_report(
    cs: CommuneSurvey,
    actor,  # type: ignore[no-untyped-def]
    on: dt.date,
    *,
    reasons: bool = True,
    **kwargs,  # type: ignore[no-untyped-def]
) -> CommuneSurvey:
    """Send ``cs``'s report on day ``on`` (the platform told that day): notice on the same day if
    none, a committee if none, and (``reasons``) a committee reason for every count outside SV4."""
    with on_day(on):
        if cs.survey_on is None:
            services.record_notice(actor=actor, commune_survey=cs, survey_on=on)
        ensure_committee(cs, actor)
        if reasons:
            Subject.objects.filter(commune_survey__round=cs.round).filter(
                Q(reporting_unit=cs.unit) | Q(commune_survey=cs)
            ).filter(count_reason="").update(count_reason="Thử nghiệm: số phiếu ít.")
        return services.report_commune(actor=actor, commune_survey=cs, **kwargs)
