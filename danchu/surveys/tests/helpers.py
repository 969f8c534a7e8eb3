"""Builders for survey tests on the small world (province → communes A and B)."""

from __future__ import annotations

import datetime as dt

from danchu.people.models import Assignment, HowStarted, Position
from danchu.surveys import services
from danchu.surveys.models import CommuneSurvey, Form, Round, Subject
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
