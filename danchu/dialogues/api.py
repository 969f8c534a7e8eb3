"""JSON API of dialogues and conferences, with the same checks as the pages.

- ``GET /api/dialogues/dialogues/`` — the communes' dialogues the user may see, paginated, with
  their deadlines (LD9, GR7);
- ``GET /api/dialogues/dialogues/<id>/`` — one dialogue: steps, questions and answers, and the
  follow-up commitments with their state;
- ``GET /api/dialogues/conferences/`` and ``…/conferences/<id>/`` — village conferences (LD9);
- ``GET /api/dialogues/staff/`` — staff conferences (QD6) and dialogues with staff (QD2).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.core import clock
from danchu.dialogues import selectors
from danchu.dialogues.models import Dialogue, StaffMeeting, VillageConference
from danchu.dialogues.rules import StepState

PAGE = 50
STATES = ", ".join(s.value for s in StepState)
PAGE_PARAM = [OpenApiParameter("page", OpenApiTypes.INT, description="Page number.")]


class StepSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField(help_text="RULES.md rule ID (LD9, GR7, QD2, QD6).")
    title = serializers.CharField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    state = serializers.CharField(help_text=STATES)
    why = serializers.CharField()


class DialogueSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    commune_id = serializers.IntegerField()
    commune = serializers.CharField()
    year = serializers.IntegerField()
    planned_on = serializers.DateField()
    place = serializers.CharField(allow_blank=True)
    status = serializers.CharField(help_text="planned, invited, held, reported.")
    held_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)
    steps = StepSerializer(many=True)


class QuestionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    asker = serializers.CharField(allow_blank=True, help_text="Empty when asked anonymously.")
    channel = serializers.CharField(help_text="public, office, village, conference.")
    received_on = serializers.DateField()
    answer = serializers.CharField(allow_blank=True)
    answered_on = serializers.DateField(allow_null=True)
    published = serializers.BooleanField()


class CommitmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    responsible = serializers.CharField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    state = serializers.CharField(help_text=STATES)


class DialogueDetailSerializer(DialogueSerializer):
    topics = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    questions = QuestionSerializer(many=True)
    commitments = CommitmentSerializer(many=True)


class DialoguePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = DialogueSerializer(many=True)


class ConferenceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    village_id = serializers.IntegerField()
    village = serializers.CharField()
    commune = serializers.CharField()
    year = serializers.IntegerField()
    planned_on = serializers.DateField()
    status = serializers.CharField(help_text="planned, notified, held, reported.")
    notice_on = serializers.DateField(allow_null=True)
    held_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)
    inspection_member = serializers.CharField(allow_blank=True)
    steps = StepSerializer(many=True)


class ConferenceDetailSerializer(ConferenceSerializer):
    households_present = serializers.IntegerField(allow_null=True)
    head_report = serializers.CharField(allow_blank=True)
    front_report = serializers.CharField(allow_blank=True)
    inspection_report = serializers.CharField(allow_blank=True)
    conclusions = serializers.CharField(allow_blank=True)


class ConferencePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = ConferenceSerializer(many=True)


class StaffSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    agency_id = serializers.IntegerField()
    agency = serializers.CharField()
    kind = serializers.CharField(help_text="staff_conference (QD6), staff_dialogue (QD2).")
    year = serializers.IntegerField()
    planned_on = serializers.DateField()
    held_on = serializers.DateField(allow_null=True)
    steps = StepSerializer(many=True)


class StaffPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = StaffSerializer(many=True)


def _steps(steps: list[selectors.Step]) -> list[dict[str, Any]]:
    return [
        {
            "rule": s.rule,
            "title": s.title,
            "due": s.due,
            "done_on": s.done_on,
            "state": str(s.state),
            "why": s.why,
        }
        for s in steps
    ]


def _dialogue(d: Dialogue) -> dict[str, Any]:
    return {
        "id": d.pk,
        "commune_id": d.commune_id,
        "commune": d.commune.name,
        "year": d.year,
        "planned_on": d.planned_on,
        "place": d.place,
        "status": d.status,
        "held_on": d.held_on,
        "reported_on": d.reported_on,
        "steps": _steps(selectors.dialogue_steps(d, clock.today())),
    }


def _conference(c: VillageConference) -> dict[str, Any]:
    return {
        "id": c.pk,
        "village_id": c.village_id,
        "village": c.village.name,
        "commune": c.commune.name,
        "year": c.year,
        "planned_on": c.planned_on,
        "status": c.status,
        "notice_on": c.notice_on,
        "held_on": c.held_on,
        "reported_on": c.reported_on,
        "inspection_member": c.inspection_member,
        "steps": _steps(selectors.conference_steps(c, clock.today())),
    }


def _staff(m: StaffMeeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "agency_id": m.agency_id,
        "agency": m.agency.name,
        "kind": m.kind,
        "year": m.year,
        "planned_on": m.planned_on,
        "held_on": m.held_on,
        "steps": _steps(selectors.staff_steps(m, clock.today())),
    }


def _refuse_without_role(request: Request) -> None:
    if not access.role_units(request.user, Cap.VIEW_UNIT) and not access.is_system_admin(
        request.user
    ):
        raise PermissionDenied


def _page(request: Request, qs: Any, item: Any) -> Response:
    _refuse_without_role(request)
    page = Paginator(qs, PAGE).get_page(request.query_params.get("page"))
    return Response(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [item(x) for x in page.object_list],
        }
    )


class DialogueListView(APIView):
    @extend_schema(
        operation_id="dialogues_dialogues_list",
        parameters=PAGE_PARAM,
        responses=DialoguePageSerializer,
    )
    def get(self, request: Request) -> Response:
        qs = selectors.dialogues(request.user).order_by("-year", "commune__name")
        return _page(request, qs, _dialogue)


class DialogueView(APIView):
    @extend_schema(operation_id="dialogues_dialogue", responses=DialogueDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        d = selectors.dialogues(request.user).filter(pk=pk).first()
        if d is None:
            raise NotFound("Không tìm thấy hội nghị đối thoại này.")
        today = clock.today()
        return Response(
            {
                **_dialogue(d),
                "topics": d.topics,
                "summary": d.summary,
                "questions": [
                    {
                        "id": q.pk,
                        "text": q.text,
                        "asker": q.asker,
                        "channel": q.source,
                        "received_on": q.received_on,
                        "answer": q.answer,
                        "answered_on": q.answered_on,
                        "published": q.published,
                    }
                    for q in d.questions.order_by("pk")
                ],
                "commitments": [
                    {
                        "id": c.pk,
                        "text": c.text,
                        "responsible": c.responsible,
                        "due_on": c.due_on,
                        "done_on": c.done_on,
                        "state": str(selectors.commitment_state(c, today)),
                    }
                    for c in d.commitments.order_by("due_on", "pk")
                ],
            }
        )


class ConferenceListView(APIView):
    @extend_schema(
        operation_id="dialogues_conferences_list",
        parameters=PAGE_PARAM,
        responses=ConferencePageSerializer,
    )
    def get(self, request: Request) -> Response:
        qs = selectors.conferences(request.user).order_by("-year", "village__code")
        return _page(request, qs, _conference)


class ConferenceView(APIView):
    @extend_schema(operation_id="dialogues_conference", responses=ConferenceDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        c = selectors.conferences(request.user).filter(pk=pk).first()
        if c is None:
            raise NotFound("Không tìm thấy hội nghị này.")
        return Response(
            {
                **_conference(c),
                "households_present": c.households_present,
                "head_report": c.head_report,
                "front_report": c.front_report,
                "inspection_report": c.inspection_report,
                "conclusions": c.conclusions,
            }
        )


class StaffListView(APIView):
    @extend_schema(
        operation_id="dialogues_staff_list", parameters=PAGE_PARAM, responses=StaffPageSerializer
    )
    def get(self, request: Request) -> Response:
        qs = selectors.staff_meetings(request.user).order_by("-year", "agency__name", "kind")
        return _page(request, qs, _staff)
