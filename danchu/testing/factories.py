"""Test data builders (factory_boy) and a small world: one province, two communes, villages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory

from danchu.accounts.models import Role, RoleAssignment, User
from danchu.people.models import Assignment, Gender, Person, Position, PositionCategory
from danchu.units.models import AdminUnit, Agency, AgencyKind, Level, MapVersion, UnitKind

PASSWORD = "danchu-test-pass-2026"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    kind = UnitKind.XA
    map_version = MapVersion.Y2025
    valid_from = dt.date(2025, 7, 1)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    unit = factory.SubFactory(UnitFactory)
    kind = AgencyKind.UBND
    name = factory.LazyAttribute(lambda o: f"Ủy ban nhân dân {o.unit.name}")
    short_name = "UBND"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"pos-{n}")
    name = factory.Sequence(lambda n: f"Chức danh {n}")
    level = Level.COMMUNE
    category = PositionCategory.LEADER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = Gender.MALE
    date_of_birth = dt.date(1980, 5, 17)
    home_unit = factory.SubFactory(UnitFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    person = factory.SubFactory(PersonFactory)
    position = factory.SubFactory(PositionFactory)
    agency = factory.SubFactory(AgencyFactory)
    start_date = dt.date(2021, 7, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


def give_role(user: User, role: str, unit: AdminUnit | None = None, record=None) -> RoleAssignment:  # type: ignore[no-untyped-def]
    ra = RoleAssignment(user=user, role=role, unit=unit, valid_from=dt.date(2020, 1, 1))
    if record is not None:
        ra.record = record
    ra.save()
    return ra


@dataclass
class World:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    village_a1: AdminUnit
    ubnd_province: Agency
    ubnd_a: Agency
    ubnd_b: Agency
    alice: User  # Home Affairs of the province
    bob: User  # officer of commune A
    carol: User  # officer of commune B
    dave: User  # no role
    root: User  # system administrator


def build_world() -> World:
    province = UnitFactory(code="T01", name="Tỉnh Thử", kind=UnitKind.TINH)
    commune_a = UnitFactory(code="T0001", name="Xã An Hòa", parent=province)
    commune_b = UnitFactory(code="T0002", name="Xã Bình Minh", parent=province)
    village_a1 = UnitFactory(
        code="T0001-01",
        name="Thôn 1",
        kind=UnitKind.THON,
        parent=commune_a,
        map_version=MapVersion.LOCAL,
    )
    ubnd_p = AgencyFactory(unit=province, name="Ủy ban nhân dân Tỉnh Thử")
    ubnd_a = AgencyFactory(unit=commune_a, superior=ubnd_p)
    ubnd_b = AgencyFactory(unit=commune_b, superior=ubnd_p)
    alice = UserFactory(username="alice", email="alice@example.vn")
    bob = UserFactory(username="bob")
    carol = UserFactory(username="carol")
    dave = UserFactory(username="dave")
    root = UserFactory(username="root")
    give_role(alice, Role.HOME_AFFAIRS, province)
    give_role(bob, Role.OFFICER, commune_a)
    give_role(carol, Role.OFFICER, commune_b)
    give_role(root, Role.SYSTEM_ADMIN)
    return World(
        province,
        commune_a,
        commune_b,
        village_a1,
        ubnd_p,
        ubnd_a,
        ubnd_b,
        alice,
        bob,
        carol,
        dave,
        root,
    )


def client_for(user: User):  # type: ignore[no-untyped-def]
    """A test client logged in as ``user`` (the login form itself is tested separately)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="danchu.accounts.backends.UsernameOrEmailBackend")
    return client
