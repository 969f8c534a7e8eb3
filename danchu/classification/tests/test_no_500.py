"""No input makes a 500: garbage posted to every classification page, by every kind of user."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.classification.models import Assessment
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db

GARBAGE = [
    {},
    {"action": "save", "explanation": "\x00" * 3},
    {"action": "submit"},
    {"action": "review", "last_year": "zzz"},
    {"action": "return", "reason": ""},
    {"action": "propose", "person": "abc", "level": "xuat_sac"},
    {"action": "decide", "rating": "-1", "level": "tot"},
    {"action": "require", "on": "31/02/2026"},
    {"action": "letters"},
    {"action": "visit", "on": "2026-13-01", "leader": "x" * 5000},
    {"assessment": "1e9", "commended": "maybe"},
    {"note": "x" * 3000, "done_on": "hôm qua"},
    {"year": "-1", "scheme": "ở", "province": "99999999999999999999"},
    {"c-TOTAL_FORMS": "x", "name": "y"},
    {"solid_office": "perhaps", "procedures": "-3", "procedures_on_time": "1e99"},
]


def test_gr1_no_input_makes_a_500(world, round_, people):
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    urls = [
        reverse("classification:index"),
        reverse("classification:schemes"),
        reverse("classification:scheme_new"),
        reverse("classification:scheme_import"),
        reverse("classification:round_new"),
        reverse("classification:round_decide", args=[round_.pk]),
        reverse("classification:commend", args=[round_.pk]),
        reverse("classification:action", args=[round_.pk, 1]),
        reverse("classification:assessment", args=[a.pk]),
        reverse("classification:officials", args=[a.pk]),
        reverse("classification:commune_indicators", args=[a.pk]),
        reverse("classification:report_issue", args=[a.pk, "half"]),
        reverse("classification:apologies"),
    ]
    codes = set()
    for user in (world.alice, world.bob, people.chair_a, world.dave):
        client = f.client_for(user)
        for url in urls:
            for data in GARBAGE:
                response = client.post(url, data)
                codes.add(response.status_code)
                assert response.status_code < 500, (user.username, url, data)
    assert codes <= {200, 302, 400, 403, 404, 405}
