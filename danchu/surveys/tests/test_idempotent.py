"""Issue 16, part 3: an online form sent again after a dropped connection, with the same code and
the same answers, is told it was recorded; nothing linking a code to a form's answers survives
the commune's report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danchu.core import keys
from danchu.surveys import rules, services
from danchu.surveys.models import Form, FormReceipt
from danchu.surveys.services import AlreadyRecorded, SurveyError
from danchu.surveys.tests.conftest import Scene
from danchu.surveys.tests.helpers import SURVEY_ON, D, send_report

pytestmark = pytest.mark.django_db


def _code(scene: Scene) -> str:
    (code,) = services.issue_codes(
        actor=scene.actors["thuky"], subject=scene.subject, group="ND", count=1, today=SURVEY_ON
    )
    return code


def test_issue16_same_code_same_answers_is_recorded_once_and_said_so(scene: Scene) -> None:
    code = _code(scene)
    before = Form.objects.count()
    services.submit_online(code=code, overall=rules.Overall.TRUST, items=("a1",), today=SURVEY_ON)
    with pytest.raises(AlreadyRecorded, match="Phiếu của bạn đã được ghi nhận"):
        services.submit_online(
            code=code.lower(), overall=rules.Overall.TRUST, items=("a1",), today=SURVEY_ON
        )
    assert Form.objects.count() == before + 1
    # other answers with the used code: still refused, and not as "recorded"
    for overall, items in [(rules.Overall.DISTRUST, ("a1",)), (rules.Overall.TRUST, ())]:
        with pytest.raises(SurveyError) as refused:
            services.submit_online(code=code, overall=overall, items=items, today=SURVEY_ON)
        assert not isinstance(refused.value, AlreadyRecorded)
    assert Form.objects.count() == before + 1


def test_issue16_online_page_says_the_form_was_recorded(scene: Scene) -> None:
    code = _code(scene)
    url = reverse("surveys:online")
    body = {"code": code, "submit": "1", "overall": "1", "items": ["a1"]}
    first = Client().post(url, body)
    assert first.status_code == 200 and 'id="recorded-before"' not in first.content.decode()
    again = Client().post(url, body).content.decode()
    assert "Phiếu của bạn đã được ghi nhận" in again and "đã được dùng" not in again
    other = Client().post(url, {**body, "overall": "0"}).content.decode()
    assert "Phiếu của bạn đã được ghi nhận" not in other and "đã được dùng" in other
    assert Form.objects.filter(channel="online").count() == 1


def test_issue16_nothing_links_a_code_to_answers_after_the_report(  # type: ignore[no-untyped-def]
    scene: Scene, django_capture_on_commit_callbacks
) -> None:
    code = _code(scene)
    services.submit_online(code=code, overall=rules.Overall.TRUST, items=(), today=SURVEY_ON)
    assert {f.name for f in FormReceipt._meta.get_fields()} == {"id", "commune_survey", "digest"}
    assert FormReceipt.objects.filter(commune_survey=scene.cs).count() == 1
    key_file = keys.key_path(f"survey-{scene.cs.pk}.receipt")
    assert key_file.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        send_report(scene.cs, scene.actors["phochutich"], D(2026, 11, 24))
    assert not FormReceipt.objects.filter(commune_survey=scene.cs).exists()
    assert not key_file.exists()
    assert not services.already_recorded(code=code, overall=rules.Overall.TRUST, items=())
