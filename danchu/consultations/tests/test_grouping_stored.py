"""Issue 16: similar opinions are grouped once, when they arrive (or by ``danchu consultation
regroup``), and stored; the opinions page reads the stored groups and compares nothing."""

from __future__ import annotations

import difflib
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.consultations import grouping, selectors, services
from danchu.consultations.models import Opinion
from danchu.testing.factories import client_for

from .test_opinions_page import _fill

WORDS = [
    "de",
    "nghi",
    "bo",
    "sung",
    "cong",
    "khai",
    "ngan",
    "sach",
    "xa",
    "thoi",
    "gian",
    "niem",
    "yet",
    "qua",
    "ngan",
    "muc",
    "dong",
    "gop",
]


def _texts(n: int, seed: int = 16) -> list[tuple[int, str, str]]:
    rng = random.Random(seed)
    return [
        (
            i + 1,
            rng.choice(["1", "2", ""]),
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))),
        )
        for i in range(n)
    ]


def _naive(items: list[tuple[int, str, str]]) -> list[tuple[object, list[int], int]]:
    """The grouping as it was before issue 16: every member of every group, with difflib."""
    groups: list[grouping.Group] = []
    texts: dict[int, str] = {}
    for pk, key, text in items:
        mine = texts[pk] = grouping.normalise(text)
        for g in groups:
            if g.key == key and any(
                texts[m] == mine or grouping._ratio(texts[m], mine) >= grouping.SIMILAR_RATIO
                for m in g.members
            ):
                g.duplicates += texts[g.members[0]] == mine
                g.members.append(pk)
                break
        else:
            groups.append(grouping.Group(key, [pk]))
    return [(g.key, g.members, g.duplicates) for g in groups]


def test_issue16_cheaper_grouping_gives_the_same_groups_as_comparing_every_member() -> None:
    items = _texts(300)
    assert [(g.key, g.members, g.duplicates) for g in grouping.group_opinions(items)] == _naive(
        items
    )


def test_issue16_a_seeded_group_takes_the_next_opinion_as_a_full_regrouping_would() -> None:
    items = sorted(_texts(120), key=lambda i: grouping.reading_key(i[1], i[2], i[0]))
    *before, last = items
    whole = grouping.group_opinions(items)
    grouper = grouping.Grouper()
    for g in grouping.group_opinions(before):
        by_pk = {pk: text for pk, _k, text in before}
        grouper.seed(g.key, [(m, by_pk[m]) for m in g.members])
    group, _dup = grouper.add(*last)
    expected = next(g for g in whole if last[0] in g.members)
    assert group.members == expected.members and group.duplicates == expected.duplicates


@pytest.mark.django_db
def test_issue16_an_opinion_is_grouped_when_it_arrives(consultation, start_day):  # type: ignore[no-untyped-def]
    def submit(text: str, article: str = "3") -> Opinion:
        return services.submit_public_opinion(
            consultation=consultation, text=text, article_number=article, today=start_day
        )

    first = submit("Đề nghị bổ sung công khai ngân sách.")
    same = submit("đề nghị bổ sung CÔNG KHAI ngân sách")
    close = submit("Đề nghị bổ sung công khai ngân sách xã")
    other = submit("Thời gian niêm yết quá ngắn")
    elsewhere = submit("Đề nghị bổ sung công khai ngân sách.", article="2")
    stored = {o.pk: (o.group_id, o.duplicate) for o in Opinion.objects.all()}
    assert stored[first.pk] == (first.pk, False)
    assert stored[same.pk] == (first.pk, True) or stored[first.pk] == (same.pk, True)
    head = stored[first.pk][0]
    assert stored[close.pk] == (head, False)
    assert stored[other.pk] == (other.pk, False)
    assert stored[elsewhere.pk] == (elsewhere.pk, False)
    groups = selectors.grouped_opinions(consultation)
    assert sorted((g.article, len(g.opinions), g.duplicates) for g in groups) == [
        ("Điều 2", 1, 0),
        ("Điều 3", 1, 0),
        ("Điều 3", 3, 1),
    ]


@pytest.mark.django_db
def test_issue16_opinions_page_reads_stored_groups_and_compares_nothing(  # type: ignore[no-untyped-def]
    world, consultation, monkeypatch
):
    bob = client_for(world.bob)
    url = reverse("consultations:opinions", args=[consultation.pk])
    _fill(consultation, 20)
    services.regroup_opinions(consultation=consultation)
    bob.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        bob.get(url)
    _fill(consultation, 1480, start=1000)
    services.regroup_opinions(consultation=consultation)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page compared opinions")

    monkeypatch.setattr(difflib, "SequenceMatcher", forbidden)
    monkeypatch.setattr(grouping, "normalise", forbidden)
    with CaptureQueriesContext(connection) as many:
        response = bob.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:90] for q in many]
    page = selectors.opinion_page(consultation, selectors.OpinionFilters())
    # each stored group reads together: a group never comes back after another one
    seen: list[int] = []
    for g in page.groups:
        heads = {o.group_id for o in g.opinions}
        assert len(heads) == 1 and heads.isdisjoint(seen)
        seen += heads


@pytest.mark.django_db
def test_issue16_regroup_command_stores_the_reading_order_grouping(consultation):  # type: ignore[no-untyped-def]
    _fill(consultation, 60)
    Opinion.objects.filter(pk__in=[3, 7]).update(text="Thời gian niêm yết quá ngắn")
    assert not Opinion.objects.filter(group__isnull=False).exists()  # loaded in bulk
    call_command("consultation", "regroup", str(consultation.pk))
    expected = grouping.assignments(Opinion.objects.values_list("pk", "article_number", "text"))
    stored = {o.pk: (o.group_id, o.duplicate) for o in Opinion.objects.all()}
    assert stored == expected
    assert AuditEntry.objects.filter(action="consultations.opinions.regrouped").count() == 1
    assert services.regroup_opinions(consultation=consultation) == 0  # nothing left to change
