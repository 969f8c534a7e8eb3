"""Writes on people and their posts: one transaction each, with an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.audit import services as audit
from danchu.core import clock
from danchu.core.text import nfc
from danchu.people.models import Assignment, HowStarted, Person, Position, Term
from danchu.people.rules import birth_date_problem, validate_national_id
from danchu.units.models import AdminUnit, Agency

PERSON_FIELDS = ("full_name", "gender", "date_of_birth", "national_id", "home_unit")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _set_date(
    *,
    actor: Any,
    record: Person | Assignment,
    field: str,
    value: dt.date | None,
    action: str,
    unit: AdminUnit,
    request: Any,
) -> None:
    """Set one date of a record and audit it as [old, new] (ISO dates, or None)."""
    old = getattr(record, field)
    setattr(record, field, value)
    record.save(update_fields=[field])
    audit.log(
        actor=actor,
        action=action,
        target=record,
        changes={field: [_iso(old), _iso(value)]},
        request=request,
        unit=unit,
    )


def duplicate_id_message() -> str:
    return _("This personal identification number is already recorded for another person.")


def check_person(person: Person) -> None:
    """ID1: the number matches the birth date and gender, and belongs to nobody else; the birth
    date is neither in the future nor before 1900 (issue 19)."""
    if problem := birth_date_problem(person.date_of_birth, clock.today()):
        raise ValidationError({"date_of_birth": problem})
    if person.national_id:
        problems = validate_national_id(person.national_id, person.date_of_birth, person.gender)
        if problems:
            raise ValidationError({"national_id": problems})
        clash = Person.objects.filter(national_id=person.national_id).exclude(pk=person.pk)
        if clash.exists():
            raise ValidationError({"national_id": duplicate_id_message()})


def _save_person(person: Person) -> None:
    check_person(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # a concurrent insert of the same number
        raise ValidationError({"national_id": duplicate_id_message()}) from None


@transaction.atomic
def create_person(
    *,
    actor: Any,
    full_name: str,
    gender: str,
    home_unit: AdminUnit,
    date_of_birth: dt.date | None = None,
    national_id: str | None = None,
    request: Any = None,
) -> Person:
    person = Person(
        full_name=nfc(full_name),
        gender=gender,
        home_unit=home_unit,
        date_of_birth=date_of_birth,
        national_id=(national_id or "").strip() or None,
    )
    _save_person(person)
    audit.log(
        actor=actor,
        action="people.create_person",
        target=person,
        changes={"full_name": person.full_name, "home_unit": home_unit.pk},
        request=request,
        unit=home_unit,
    )
    return person


@transaction.atomic
def update_person(*, actor: Any, person: Person, request: Any = None, **values: Any) -> Person:
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name not in PERSON_FIELDS:
            raise TypeError(f"unknown person field {name}")
        if name == "full_name":
            value = nfc(value)
        if name == "national_id":
            value = (value or "").strip() or None
        old = getattr(person, name)
        if old != value:
            # The number itself is not written to the audit trail, only that it changed.
            changes[name] = "…" if name == "national_id" else [str(old), str(value)]
            setattr(person, name, value)
    if changes:
        _save_person(person)
        audit.log(
            actor=actor,
            action="people.update_person",
            target=person,
            changes=changes,
            request=request,
            unit=person.home_unit,
        )
    return person


def _check_dates(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise ValidationError({"end_date": _("An assignment cannot end before it starts.")})


@transaction.atomic
def add_assignment(
    *,
    actor: Any,
    person: Person,
    position: Position,
    agency: Agency,
    start_date: dt.date,
    end_date: dt.date | None = None,
    how_started: str = HowStarted.APPOINTED,
    term: Term | None = None,
    previous: Assignment | None = None,
    request: Any = None,
) -> Assignment:
    _check_dates(start_date, end_date)
    assignment = Assignment.objects.create(
        person=person,
        position=position,
        agency=agency,
        start_date=start_date,
        end_date=end_date,
        how_started=how_started,
        term=term,
        previous=previous,
    )
    audit.log(
        actor=actor,
        action="people.add_assignment",
        target=assignment,
        changes={
            "position": position.code,
            "agency": agency.pk,
            "start_date": start_date.isoformat(),
            "end_date": _iso(end_date),
        },
        request=request,
        unit=agency.unit,
    )
    return assignment


@transaction.atomic
def end_assignment(
    *, actor: Any, assignment: Assignment, end_date: dt.date, request: Any = None
) -> Assignment:
    """The post ends on ``end_date`` (its last day, inclusive), never before it started."""
    _check_dates(assignment.start_date, end_date)
    _set_date(
        actor=actor,
        record=assignment,
        field="end_date",
        value=end_date,
        action="people.end_assignment",
        unit=assignment.agency.unit,
        request=request,
    )
    return assignment


def transfer_end_date(start_of_new: dt.date, old: Assignment) -> dt.date:
    """Design choice: the old post ends the day before the new one starts (never before it
    began), so "months at the new unit" (SV2) counts from the transfer date."""
    return max(start_of_new - dt.timedelta(days=1), old.start_date)


@transaction.atomic
def record_transfer(
    *,
    actor: Any,
    old: Assignment,
    agency: Agency,
    position: Position,
    start_date: dt.date,
    term: Term | None = None,
    move_record: bool = True,
    request: Any = None,
) -> Assignment:
    """End ``old`` and start the new post with ``previous`` pointing at it (SV2's transfer)."""
    if old.end_date is not None and old.end_date < start_date - dt.timedelta(days=1):
        raise ValidationError({"old": _("This post had already ended before the transfer date.")})
    if start_date <= old.start_date:
        raise ValidationError(
            {"start_date": _("The transfer must be dated after the old post started.")}
        )
    old.end_date = transfer_end_date(start_date, old)
    old.save(update_fields=["end_date"])
    new = add_assignment(
        actor=actor,
        person=old.person,
        position=position,
        agency=agency,
        start_date=start_date,
        how_started=HowStarted.TRANSFERRED,
        term=term,
        previous=old,
        request=request,
    )
    person = old.person
    if move_record and person.home_unit_id != agency.unit_id:
        person.home_unit = agency.unit
        person.save(update_fields=["home_unit"])
    audit.log(
        actor=actor,
        action="people.record_transfer",
        target=new,
        changes={"previous": old.pk, "old_end_date": old.end_date.isoformat()},
        request=request,
        unit=agency.unit,
    )
    return new


@transaction.atomic
def record_retirement(
    *, actor: Any, person: Person, announced_on: dt.date | None, request: Any = None
) -> Person:
    """Record (or clear, with ``None``) the date a retirement was announced (CV1)."""
    _set_date(
        actor=actor,
        record=person,
        field="retirement_announced_on",
        value=announced_on,
        action="people.record_retirement",
        unit=person.home_unit,
        request=request,
    )
    return person
