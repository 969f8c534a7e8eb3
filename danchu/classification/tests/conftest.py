"""Fixtures: ``round_`` — the province of the small world opens 2026 with the illustrative
scheme; ``people`` — the commune chairmen and a supervisor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from danchu.accounts.models import Role
from danchu.classification import rules, scheme_io, services
from danchu.classification.models import Assessment, Round
from danchu.testing import factories as f


@dataclass
class People:
    chair_a: object
    chair_b: object
    supervisor: object


@pytest.fixture
def people(world) -> People:  # type: ignore[no-untyped-def]
    chair_a = f.UserFactory(username="chutich_a")
    f.give_role(chair_a, Role.CHAIRMAN, world.commune_a)
    chair_b = f.UserFactory(username="chutich_b")
    f.give_role(chair_b, Role.CHAIRMAN, world.commune_b)
    supervisor = f.UserFactory(username="giamsat")
    f.give_role(supervisor, Role.SUPERVISOR, world.province)
    return People(chair_a, chair_b, supervisor)


def make_scheme(world, year=2026):  # type: ignore[no-untyped-def]
    return services.save_scheme(
        actor=world.alice,
        province=world.province,
        year=year,
        name=scheme_io.ILLUSTRATIVE_NAME,
        illustrative=True,
        thresholds=scheme_io.ILLUSTRATIVE_THRESHOLDS,
        criteria=scheme_io.ILLUSTRATIVE_CRITERIA,
    )


def make_round(world, year=2026, targets=()):  # type: ignore[no-untyped-def]
    return services.open_round(
        actor=world.alice,
        province=world.province,
        year=year,
        scheme=make_scheme(world, year),
        targets=list(targets),
        self_assessment_due=dt.date(2026, 12, 10),
        review_due=dt.date(2026, 12, 20),
        decision_due=dt.date(2026, 12, 30),
    )


def fill(assessment: Assessment, points: list[str], actor) -> None:  # type: ignore[no-untyped-def]
    scores = list(assessment.scores.order_by("criterion__order"))
    services.save_self_assessment(
        actor=actor,
        assessment=assessment,
        scores={
            s.criterion_id: services.ScoreInput(Decimal(p), f"Giải trình {s.criterion.code}")
            for s, p in zip(scores, points, strict=True)
        },
    )


@pytest.fixture
def round_(world, people) -> Round:  # type: ignore[no-untyped-def]
    return make_round(
        world,
        targets=[
            rules.Target("tsvm", rules.Comparison.GE, 1),
            rules.Target("tot", rules.Comparison.GE, 1),
            rules.Target("yeu", rules.Comparison.EQ, 0),
        ],
    )
