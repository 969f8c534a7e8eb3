"""Fixtures of the surveys tests: ``scene`` — a 2026 round in the small world with a committee,
a transferred civil servant low two years running (flagged), and named actors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from danchu.accounts.models import Role
from danchu.surveys import services
from danchu.surveys.models import CommuneSurvey, Flag, Subject
from danchu.surveys.tests.helpers import (
    SURVEY_ON,
    D,
    add_forms,
    commune,
    hold,
    make_round,
    on_day,
    send_report,
    transfer,
)
from danchu.testing import factories as f


@dataclass
class Scene:
    world: object
    cs: CommuneSurvey
    subject: Subject
    flag: Flag
    actors: dict


@pytest.fixture
def scene(world) -> Scene:  # type: ignore[no-untyped-def]
    vice = f.UserFactory(username="phochutich")
    f.give_role(vice, Role.VICE_CHAIRMAN, world.commune_a)
    chairman = f.UserFactory(username="chutich")
    f.give_role(chairman, Role.CHAIRMAN, world.province)
    secretary = f.UserFactory(username="thuky")
    # last year, in commune B: low
    r25 = make_round(world, year=2025)
    b25 = commune(r25, world.commune_b)
    old = hold(
        "Đinh Văn Thấp", world.ubnd_b, "cs-tu-phap-ho-tich", D(2018, 1, 1), end=D(2025, 12, 31)
    )
    services.compute_subjects(actor=world.carol, commune_survey=b25)
    s25 = Subject.objects.get(commune_survey=b25)
    add_forms(s25, "ND", "0", 100)
    send_report(b25, world.carol, D(2025, 11, 20))
    transfer(old.person, world.ubnd_a, "cs-tu-phap-ho-tich", D(2026, 1, 1))
    hold("Phạm Thị Văn", world.ubnd_a, "cs-van-phong-thong-ke", D(2015, 3, 1))
    r26 = make_round(world, year=2026)
    cs = commune(r26, world.commune_a)
    with on_day(D(2026, 11, 1)):
        services.record_notice(actor=vice, commune_survey=cs, survey_on=SURVEY_ON)
    services.set_committee(
        actor=vice,
        round_=r26,
        unit=world.commune_a,
        members=[
            {"full_name": "Lê Văn Phó", "kind": "vice_chairman", "leader": True, "user": vice},
            {
                "full_name": "Phạm Thị Văn",
                "kind": "office_civil_servant",
                "secretary": True,
                "user": secretary,
            },
            {"full_name": "Y Mai", "kind": "front"},
        ],
    )
    services.compute_subjects(actor=vice, commune_survey=cs)
    subject = Subject.objects.get(commune_survey=cs, person=old.person)
    add_forms(subject, "ND", "0", 100)
    # commune A's report raises the SV7 flag from the figures it states; the report is then
    # reopened so the pages can still change the commune's survey.
    send_report(cs, vice, D(2026, 11, 20))
    (flag,) = Flag.objects.all()
    services.reopen_report(actor=world.alice, commune_survey=cs, reason="Bổ sung phiếu còn thiếu.")
    cs.refresh_from_db()
    actors = {
        "alice": world.alice,  # Home Affairs, province (plan unit)
        "chutich": chairman,  # chairman, province
        "phochutich": vice,  # vice-chairman, commune A
        "thuky": secretary,  # committee secretary of commune A's survey
        "bob": world.bob,  # officer of commune A (no survey capability)
        "carol": world.carol,  # officer of commune B
        "dave": world.dave,  # no role
        "root": world.root,  # system administrator (no process access)
    }
    return Scene(world, cs, subject, flag, actors)
