"""JSON API of the disclosure register, with the same checks as the pages (``permissions``).

- ``GET /api/disclosures/`` — the register the user may read, filtered like the page
  (``commune``, ``category``, ``year``, ``quarter``, ``state``, ``q``), paginated, each item with
  its LD1 state and the day it had to be disclosed by;
- ``GET /api/disclosures/<id>/`` — one item: its obligations, channels and files.
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
from danchu.disclosures import permissions, rules, selectors
from danchu.disclosures.models import Disclosure

PAGE = 50

STATES = [s.value for s in rules.State]


class DisclosureSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    commune_id = serializers.IntegerField()
    commune = serializers.CharField()
    category = serializers.IntegerField(help_text="Art. 11 item, 1–14.")
    category_name = serializers.CharField()
    title = serializers.CharField()
    decision_ref = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField()
    disclosed_on = serializers.DateField(allow_null=True)
    taken_down_on = serializers.DateField(allow_null=True)
    origin = serializers.CharField(
        help_text="Where the entry came from: manual, consultation_plan, consultation_summary, "
        "vote_result, quarterly_list."
    )
    link = serializers.CharField(allow_blank=True)
    state = serializers.CharField(
        help_text=f"LD1: the worst obligation today ({', '.join(STATES)})."
    )
    due = serializers.DateField(help_text="LD1: the last day to start disclosing.")


class DisclosureObligationSerializer(serializers.Serializer[Any]):
    obligation = serializers.CharField(help_text=", ".join(o.value for o in rules.Obligation))
    state = serializers.CharField(help_text=", ".join(STATES))
    due = serializers.DateField(allow_null=True)
    detail = serializers.CharField(allow_blank=True)


class DisclosureFactSerializer(serializers.Serializer[Any]):
    channel = serializers.CharField(help_text=", ".join(c.value for c in rules.Channel))
    village_id = serializers.IntegerField(allow_null=True)
    place = serializers.CharField(allow_blank=True)
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    backdated = serializers.BooleanField()
    automatic = serializers.BooleanField()


class DisclosureFileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DisclosureDetailSerializer(DisclosureSerializer):
    text = serializers.CharField(allow_blank=True)
    obligations = DisclosureObligationSerializer(many=True)
    facts = DisclosureFactSerializer(many=True)
    files = DisclosureFileSerializer(many=True)
    document_id = serializers.IntegerField(allow_null=True)


class DisclosurePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = DisclosureSerializer(many=True)


def _item(j: selectors.Judged) -> dict[str, Any]:
    d = j.disclosure
    return {
        "id": d.pk,
        "commune_id": d.commune_id,
        "commune": d.commune.name,
        "category": d.category,
        "category_name": rules.category(d.category).name_vi,
        "title": d.title,
        "decision_ref": d.decision_ref,
        "decided_on": d.decided_on,
        "disclosed_on": d.disclosed_on,
        "taken_down_on": d.taken_down_on,
        "origin": d.source,
        "link": d.link,
        "state": j.state.value,
        "due": j.due,
    }


def _int(request: Request, name: str, low: int, high: int) -> int | None:
    value = str(request.query_params.get(name, "")).strip()
    if not value:
        return None
    if (
        not value.isascii()
        or not value.isdigit()
        or len(value) > 6
        or not low <= int(value) <= high
    ):
        raise serializers.ValidationError({name: f"Giá trị phải là số từ {low} đến {high}."})
    return int(value)


FILTERS = [
    OpenApiParameter("commune", OpenApiTypes.INT, description="Commune id."),
    OpenApiParameter("category", OpenApiTypes.INT, description="Art. 11 item, 1–14."),
    OpenApiParameter("year", OpenApiTypes.INT, description="Year first disclosed."),
    OpenApiParameter("quarter", OpenApiTypes.INT, description="Quarter (1–4), with year."),
    OpenApiParameter(
        "state", OpenApiTypes.STR, description=f"LD1 state today: {', '.join(STATES)}."
    ),
    OpenApiParameter("q", OpenApiTypes.STR, description="Search, tones folded."),
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number."),
]


class DisclosureListView(APIView):
    @extend_schema(
        operation_id="disclosures_list", parameters=FILTERS, responses=DisclosurePageSerializer
    )
    def get(self, request: Request) -> Response:
        communes = permissions.visible_communes(request.user)
        if not communes.exists():
            raise PermissionDenied
        commune_id = _int(request, "commune", 1, 10**9)
        commune = communes.filter(pk=commune_id).first() if commune_id else None
        if commune_id and commune is None:
            raise NotFound("Không tìm thấy xã này.")
        state = str(request.query_params.get("state", ""))
        if state and state not in STATES:
            raise serializers.ValidationError({"state": f"Một trong: {', '.join(STATES)}."})
        today = clock.today()
        qs = selectors.register(
            request.user,
            commune=commune,
            category=_int(request, "category", 1, 14),
            year=_int(request, "year", 2000, 2199),
            quarter=_int(request, "quarter", 1, 4),
            query=str(request.query_params.get("q", ""))[:200],
        )
        if state:
            judged = [j for j in selectors.judge_all(qs, today) if j.state == state]
            page: Any = Paginator(judged, PAGE).get_page(request.query_params.get("page"))
            rows = list(page.object_list)
        else:
            page = Paginator(qs, PAGE).get_page(request.query_params.get("page"))
            rows = selectors.judge_all(page.object_list, today)
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": [_item(j) for j in rows],
            }
        )


class DisclosureView(APIView):
    @extend_schema(responses=DisclosureDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        d = selectors.with_facts(Disclosure.objects.filter(pk=pk)).first()
        if d is None or not permissions.can_view(request.user, d.commune):
            raise NotFound("Không tìm thấy mục công khai này.")
        j = selectors.judge(d)
        return Response(
            {
                **_item(j),
                "text": d.text,
                "obligations": [
                    {
                        "obligation": r.obligation.value,
                        "state": r.state.value,
                        "due": r.due,
                        "detail": r.detail,
                    }
                    for r in j.results
                ],
                "facts": [
                    {
                        "channel": f.channel,
                        "village_id": f.village_id,
                        "place": f.place,
                        "start": f.start,
                        "end": f.end,
                        "backdated": f.backdated,
                        "automatic": f.automatic,
                    }
                    for f in d.facts.all()
                ],
                "files": [{"id": f.pk, "name": f.name} for f in d.files.all()],
                "document_id": d.document_id,
            }
        )
