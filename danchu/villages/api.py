"""JSON API of village head elections and charters, with the same checks as the pages.

- ``GET /api/villages/elections/`` — elections the user may see, paginated;
- ``GET /api/villages/elections/<id>/`` — one election: its steps on the legal calendar (LD13),
  the candidates and their votes, the count;
- ``GET /api/villages/heads/`` — village heads in office (elected or interim), paginated;
- ``GET /api/villages/charters/`` — charters the user may see, paginated, with the QD5 review due
  day of those in force;
- ``GET /api/villages/charters/<id>/`` — one charter: its steps (LD14) and reviews.
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

from danchu.core import clock
from danchu.residents.rules import StepState
from danchu.villages import permissions, rules, selectors
from danchu.villages.models import Charter, Election, HeadTerm

PAGE = 50
STATES = ", ".join(s.value for s in StepState)
PAGE_PARAM = [OpenApiParameter("page", OpenApiTypes.INT, description="Page number.")]


class VillageStepSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField(help_text="RULES.md rule ID (LD13, LD14, LD4).")
    title = serializers.CharField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    state = serializers.CharField(help_text=STATES)
    why = serializers.CharField()
    backdated = serializers.BooleanField()


class VillageCandidateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    votes = serializers.IntegerField(allow_null=True)


class VillageElectionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    village_id = serializers.IntegerField()
    village = serializers.CharField()
    election_on = serializers.DateField()
    status = serializers.CharField(
        help_text="preparing, elected, not_elected, recognised, refused."
    )
    elected = serializers.CharField(allow_blank=True)
    decision_id = serializers.IntegerField(help_text="The residents' community decision.")


class VillageElectionDetailSerializer(VillageElectionSerializer):
    households = serializers.IntegerField(
        allow_null=True, help_text="Households of the village in force on the day."
    )
    present = serializers.IntegerField(allow_null=True)
    why = serializers.CharField(allow_blank=True, help_text="The count's reading, in Vietnamese.")
    steps = VillageStepSerializer(many=True)
    candidates = VillageCandidateSerializer(many=True)


class VillageElectionPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = VillageElectionSerializer(many=True)


class VillageHeadSerializer(serializers.Serializer[Any]):
    village_id = serializers.IntegerField()
    village = serializers.CharField()
    name = serializers.CharField()
    interim = serializers.BooleanField()
    started_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class VillageHeadPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = VillageHeadSerializer(many=True)


class VillageCharterSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    village_id = serializers.IntegerField()
    village = serializers.CharField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    replaces_id = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(
        help_text="draft, posted, voting, not_adopted, adopted, in_force, refused, replaced."
    )
    posted_on = serializers.DateField(allow_null=True)
    in_force_from = serializers.DateField(allow_null=True)
    in_force_to = serializers.DateField(allow_null=True)
    review_due = serializers.DateField(
        allow_null=True, help_text="QD5: next review, on the commune's cycle (in force only)."
    )
    review_overdue = serializers.BooleanField()


class VillageReviewSerializer(serializers.Serializer[Any]):
    reviewed_on = serializers.DateField()
    finding = serializers.CharField()


class VillageCharterDetailSerializer(VillageCharterSerializer):
    text = serializers.CharField()
    earliest_vote = serializers.DateField(
        allow_null=True, help_text="LD14: 30 days after the draft was posted."
    )
    review_years = serializers.IntegerField(help_text="QD5: the commune's cycle in years.")
    steps = VillageStepSerializer(many=True)
    reviews = VillageReviewSerializer(many=True)


class VillageCharterPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = VillageCharterSerializer(many=True)


def _election(e: Election) -> dict[str, Any]:
    return {
        "id": e.pk,
        "village_id": e.village_id,
        "village": e.village.name,
        "election_on": e.election_on,
        "status": e.status,
        "elected": e.elected_name,
        "decision_id": e.decision_id,
    }


def _steps(steps: list[selectors.Step]) -> list[dict[str, Any]]:
    return [
        {
            "rule": s.rule,
            "title": s.title,
            "due": s.due,
            "done_on": s.done_on,
            "state": s.state.value,
            "why": s.why,
            "backdated": s.backdated,
        }
        for s in steps
    ]


def _charter(c: Charter, years: int) -> dict[str, Any]:
    due = selectors.review_due(c, years)
    return {
        "id": c.pk,
        "village_id": c.village_id,
        "village": c.village.name,
        "title": c.title,
        "version": c.version,
        "replaces_id": c.replaces_id,
        "status": c.status,
        "posted_on": c.posted_on,
        "in_force_from": c.in_force_from,
        "in_force_to": c.in_force_to,
        "review_due": due,
        "review_overdue": due is not None and rules.review_overdue(due, clock.today()),
    }


def _refuse_without_role(request: Request) -> None:
    if not permissions.may_see_some(request.user):
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


class ElectionListView(APIView):
    @extend_schema(
        operation_id="villages_elections_list",
        parameters=PAGE_PARAM,
        responses=VillageElectionPageSerializer,
    )
    def get(self, request: Request) -> Response:
        return _page(request, selectors.elections(request.user).order_by("-election_on", "-pk"),
                     _election)  # fmt: skip


class ElectionView(APIView):
    @extend_schema(operation_id="villages_election", responses=VillageElectionDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        e = selectors.elections(request.user).filter(pk=pk).first()
        if e is None:
            raise NotFound("Không tìm thấy cuộc bầu này.")
        d = e.decision
        return Response(
            {
                **_election(e),
                "households": d.households_total,
                "present": d.present,
                "why": d.why,
                "steps": _steps(selectors.election_steps(e, clock.today())),
                "candidates": [{"name": c.name, "votes": c.votes} for c in e.candidates.all()],
            }
        )


class HeadListView(APIView):
    @extend_schema(
        operation_id="villages_heads_list",
        parameters=PAGE_PARAM,
        responses=VillageHeadPageSerializer,
    )
    def get(self, request: Request) -> Response:
        qs = selectors.heads(request.user).filter(ended_on__isnull=True).order_by("village__code")

        def item(t: HeadTerm) -> dict[str, Any]:
            return {
                "village_id": t.village_id,
                "village": t.village.name,
                "name": t.name,
                "interim": t.interim,
                "started_on": t.started_on,
                "ends_on": t.ends_on,
            }

        return _page(request, qs, item)


class CharterListView(APIView):
    @extend_schema(
        operation_id="villages_charters_list",
        parameters=PAGE_PARAM,
        responses=VillageCharterPageSerializer,
    )
    def get(self, request: Request) -> Response:
        _refuse_without_role(request)
        qs = selectors.charters(request.user).order_by("village__code", "-version")
        page = Paginator(qs, PAGE).get_page(request.query_params.get("page"))
        rows = list(page.object_list)
        years = selectors.review_years(sorted({c.commune_id for c in rows}))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": [_charter(c, years[c.commune_id]) for c in rows],
            }
        )


class CharterView(APIView):
    @extend_schema(operation_id="villages_charter", responses=VillageCharterDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        c = selectors.charters(request.user).filter(pk=pk).first()
        if c is None:
            raise NotFound("Không tìm thấy hương ước này.")
        years = selectors.review_years([c.commune_id])[c.commune_id]
        return Response(
            {
                **_charter(c, years),
                "text": c.text,
                "earliest_vote": rules.earliest_adoption(c.posted_on) if c.posted_on else None,
                "review_years": years,
                "steps": _steps(selectors.charter_steps(c, clock.today())),
                "reviews": [
                    {"reviewed_on": r.reviewed_on, "finding": r.finding} for r in c.reviews.all()
                ],
            }
        )
