"""Issue 18, "Breaks": the opinions page with 1,500 opinions — paged, filtered (article, source,
stance, state: answered or not, how, hidden), searched (tones and case ignored) — in the same
number of queries whatever the number of opinions; the citizen's phone is shown to those who
answer, there only."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.consultations import selectors
from danchu.consultations.models import AnswerKind, Audience, Opinion, Source, Stance
from danchu.core import clock
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db

SOURCES = [Source.PUBLIC_PAGE, Source.COUNCIL_CONFERENCE, Source.FRONT_CONFERENCE]
STANCES = [Stance.SUPPORT, Stance.OPPOSE, Stance.NONE]


def _fill(consultation, n: int, start: int = 1) -> None:  # type: ignore[no-untyped-def]
    """``n`` distinct opinions spread over articles 1–3 and the whole draft, every third one
    answered (accepted), one in ten hidden."""
    today = clock.today()
    Opinion.objects.bulk_create(
        Opinion(
            pk=start + i,
            consultation=consultation,
            audience=Audience.CITIZENS,
            article_number=["1", "2", "3", ""][i % 4],
            text=f"Ý kiến số {start + i}: đề nghị xem lại mức đóng góp {i * 7919 % 10007}",
            stance=STANCES[i % 3],
            source=SOURCES[i % 3],
            contact=f"09{start + i:08d}",
            received_on=today,
            recorded_on=today,
            answer_kind=AnswerKind.ACCEPT if i % 3 == 0 else "",
            answer_text="Đã sửa Điều 3" if i % 3 == 0 else "",
            hidden_at=clock.now() if i % 10 == 5 else None,
            hidden_reason="Lời lẽ xúc phạm" if i % 10 == 5 else "",
        )
        for i in range(n)
    )


def _page(client, consultation, **params):  # type: ignore[no-untyped-def]
    return client.get(reverse("consultations:opinions", args=[consultation.pk]), params)


def _shown(response) -> int:  # type: ignore[no-untyped-def]
    return response.content.decode().count('<div class="opinion">')


def test_issue18_1500_opinions_are_paged_in_a_flat_number_of_queries(world, consultation):  # type: ignore[no-untyped-def]
    bob = client_for(world.bob)
    _fill(consultation, 20)
    _page(bob, consultation)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        small = _page(bob, consultation)
    _fill(consultation, 1480, start=1000)
    with CaptureQueriesContext(connection) as many:
        big = _page(bob, consultation)
    assert big.status_code == 200
    assert len(many) == len(few), [q["sql"][:90] for q in many]
    assert _shown(small) == 20 and _shown(big) == selectors.OPINIONS_PER_PAGE
    assert len(big.content) < 250_000  # was 2.7 MB with every opinion on one page
    assert re.search(r'id="matching"[^>]*>1500 ', big.content.decode())
    last = _page(bob, consultation, page=30)
    assert _shown(last) == 1500 - 29 * selectors.OPINIONS_PER_PAGE
    assert _shown(_page(bob, consultation, page=999)) == _shown(last)  # beyond the end: last page


def test_issue18_filters_by_article_source_stance_and_state(world, consultation):  # type: ignore[no-untyped-def]
    _fill(consultation, 120)
    bob = client_for(world.bob)
    every = list(Opinion.objects.all())

    def count(**params: str) -> int:
        r = _page(bob, consultation, **params)
        assert r.status_code == 200
        m = re.search(r'id="matching"[^>]*>(\d+)', r.content.decode())
        assert m, r.content.decode()[:200]
        return int(m.group(1))

    assert count() == 120
    assert count(article="3") == sum(o.article_number == "3" for o in every)
    assert count(article="0") == sum(o.article_number == "" for o in every)
    assert count(source="council_conference") == sum(
        o.source == Source.COUNCIL_CONFERENCE for o in every
    )
    assert count(stance="oppose") == sum(o.stance == Stance.OPPOSE for o in every)
    assert count(state="unanswered") == sum(not o.is_answered for o in every)
    assert count(state="answered") == count(state="accept") == sum(o.is_answered for o in every)
    assert count(state="explain") == 0
    assert count(state="hidden") == sum(o.is_hidden for o in every)
    both = count(article="3", state="unanswered")
    assert both == sum(o.article_number == "3" and not o.is_answered for o in every) > 0


def test_issue18_search_ignores_tones_and_case(world, consultation):  # type: ignore[no-untyped-def]
    _fill(consultation, 30)
    Opinion.objects.filter(pk=7).update(text="Đề nghị bỏ mức đóng góp cố định 500.000 đồng")
    bob = client_for(world.bob)
    r = _page(bob, consultation, q="co dinh 500.000")
    assert _shown(r) == 1 and "cố định 500.000" in r.content.decode()
    assert _shown(_page(bob, consultation, q="CỐ ĐỊNH")) == 1
    assert _shown(_page(bob, consultation, q="không có ở đâu")) == 0


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"page": "9" * 40},
        {"article": "99"},
        {"source": "<script>"},
        {"state": "x"},
        {"q": "x" * 300},
    ],
)
def test_issue18_tampered_filters_never_make_an_error_page(world, consultation, params):  # type: ignore[no-untyped-def]
    _fill(consultation, 5)
    r = _page(client_for(world.bob), consultation, **params)
    assert r.status_code == 200


def test_issue18_answering_keeps_the_filtered_page(world, consultation):  # type: ignore[no-untyped-def]
    _fill(consultation, 120)
    bob = client_for(world.bob)
    o = Opinion.objects.filter(answer_kind="", hidden_at__isnull=True).first()
    assert o is not None
    r = bob.post(
        reverse("consultations:opinions", args=[consultation.pk]),
        {"ids": str(o.pk), "kind": "explain", "text": "Đã có", "back": "state=unanswered&page=2"},
    )
    assert r.status_code == 302 and r["Location"].endswith("?state=unanswered&page=2")
    r = bob.post(
        reverse("consultations:opinions", args=[consultation.pk]),
        {"ids": str(o.pk), "kind": "explain", "text": "Đã có", "back": "next=https://evil.example"},
    )
    assert r["Location"] == reverse("consultations:opinions", args=[consultation.pk])


def test_issue18_phone_is_shown_to_those_who_answer_and_only_there(world, consultation, actors):  # type: ignore[no-untyped-def]
    _fill(consultation, 3)
    phone = Opinion.objects.get(pk=1).contact
    assert phone in _page(client_for(world.bob), consultation).content.decode()
    assert phone in _page(client_for(actors.drafter), consultation).content.decode()
    for reader in (actors.council, actors.supervisor, world.alice):
        assert phone not in _page(client_for(reader), consultation).content.decode()
    # Nowhere else: the API, the summary files, the public page.
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.bob)
    assert phone not in api.get(f"/api/consultations/{consultation.pk}/opinions/").content.decode()
    xlsx = client_for(world.bob).get(
        reverse("consultations:summary_file", args=[consultation.pk, "xlsx"])
    )
    assert phone.encode() not in xlsx.content
    public = client_for(world.dave).get(reverse("consultations:public", args=[consultation.slug]))
    assert phone not in public.content.decode()
