"""JSON API of consultations, with the same checks as the pages (``permissions``).

- ``GET  /api/consultations/`` — consultations the user manages, gathers for or supervises;
- ``GET  /api/consultations/<id>/`` — one, with its legal steps and states;
- ``GET  /api/consultations/<id>/opinions/`` — its opinions and answers;
- ``POST /api/consultations/<id>/opinions/`` — enter a gathered opinion (HĐND, MTTQ, union);
- ``POST /api/consultations/<id>/opinions/<oid>/answer/`` — accept, explain or "not an opinion"
  (DC4);
- ``GET  /api/consultations/public/<slug>/`` — the public view, no login.

Issue 18 added, changing none: ``represents`` on opinions (in and out: how many people a
gathered opinion speaks for, LD8), ``accepted_article`` on opinions and ``article`` in an
answer (the article of the next version that carries an accepted opinion's change), length
limits on every text field (400 with the field named).

Issue 10 added fields, changing none: ``backdated`` / ``backdate_reason`` on opinions,
``backdated`` (each back-dated event day: on, recorded on, reason), ``reopenings`` and
``documents`` (the issued documents with number, date and SHA-256) on a consultation. A
back-dated gathered opinion is posted as multipart with ``backdate_reason`` and
``backdate_evidence`` (a file).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.api.schema import NamedChoiceField, NamedChoicesMixin
from danchu.consultations import permissions, selectors, services
from danchu.consultations.models import (
    SOURCE_BODY,
    AnswerKind,
    AudiencePlan,
    Consultation,
    Opinion,
    Source,
    Stance,
)
from danchu.consultations.rules import TEXT_LIMITS, Limit
from danchu.consultations.services import ConsultationError
from danchu.core import clock
from danchu.documents import issuing


class ConsultationAudienceSerializer(NamedChoicesMixin, serializers.ModelSerializer[AudiencePlan]):
    class Meta:
        model = AudiencePlan
        fields = ["audience", "gatherings", "window_start", "window_end"]


class ConsultationStepSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField(allow_blank=True))


class ConsultationSerializer(NamedChoicesMixin, serializers.ModelSerializer[Consultation]):
    unit = serializers.CharField(source="unit.name")
    audiences = ConsultationAudienceSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "slug",
            "title",
            "unit",
            "matter",
            "scope",
            "status",
            "plan_number",
            "content_published_on",
            "summary_published_on",
            "outcome",
            "outcome_reason",
            "regulation_number",
            "issued_on",
            "audiences",
        ]


# The answers' shapes beyond the model serializers (issue 19: a complete API contract). The views
# build the same keys; the contract test checks real answers against these.


class ConsultationBackdatedSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(help_text="The day it happened.")
    recorded_on = serializers.DateField(help_text="The day it was recorded.")
    reason = serializers.CharField()


class ConsultationReopeningSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    reason = serializers.CharField()
    summary = serializers.CharField(allow_blank=True, help_text="The summary reopened.")


class ConsultationDocumentSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    replaces = serializers.CharField(allow_null=True)
    correction_reason = serializers.CharField(allow_blank=True)
    in_force = serializers.BooleanField()
    sha256 = serializers.DictField(child=serializers.CharField(), help_text="Per file format.")


def _backdated_field() -> serializers.DictField:
    return serializers.DictField(
        child=ConsultationBackdatedSerializer(), help_text="Back-dated events by kind."
    )


class ConsultationDetailSerializer(ConsultationSerializer):
    steps = ConsultationStepSerializer(many=True)
    backdated = _backdated_field()
    reopenings = ConsultationReopeningSerializer(many=True)
    documents = ConsultationDocumentSerializer(many=True)

    class Meta(ConsultationSerializer.Meta):
        fields = [
            *ConsultationSerializer.Meta.fields,
            "steps",
            "backdated",
            "reopenings",
            "documents",
        ]


class ConsultationClauseSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    text = serializers.CharField()


class ConsultationArticleSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    clauses = ConsultationClauseSerializer(many=True)


class ConsultationSummaryRowSerializer(serializers.Serializer[Any]):
    no = serializers.CharField()
    article = serializers.CharField(allow_blank=True)
    opinion = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    answer = serializers.CharField(allow_blank=True)


class ConsultationPublicSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    status = serializers.CharField()
    window = ConsultationAudienceSerializer(allow_null=True)
    window_state = serializers.CharField()
    articles = ConsultationArticleSerializer(many=True)
    summary = ConsultationSummaryRowSerializer(many=True)
    outcome = serializers.CharField(allow_blank=True)
    outcome_reason = serializers.CharField(allow_blank=True)
    backdated = _backdated_field()
    reopenings = ConsultationReopeningSerializer(many=True)


def _facts(c: Consultation) -> dict[str, Any]:
    return {
        kind: {
            "on": fact.on.isoformat(),
            "recorded_on": fact.recorded_on.isoformat(),
            "reason": fact.reason,
        }
        for kind, fact in sorted(c.backdated_facts().items())
    }


def _documents(c: Consultation) -> list[dict[str, Any]]:
    docs = issuing.history(c)
    replaced = {d.replaces_id for d in docs if d.replaces_id}
    return [
        {
            "kind": d.kind,
            "number": d.number,
            "issued_on": d.issued_on.isoformat(),
            "replaces": d.replaces.number if d.replaces else None,
            "correction_reason": d.correction_reason,
            "in_force": d.pk not in replaced,
            "sha256": {f.fmt: f.sha256 for f in d.files.all()},
        }
        for d in docs
    ]


class ConsultationOpinionSerializer(NamedChoicesMixin, serializers.ModelSerializer[Opinion]):
    backdated = serializers.BooleanField(read_only=True)

    class Meta:
        model = Opinion
        fields = [
            "id",
            "audience",
            "article_number",
            "text",
            "stance",
            "author_name",
            "source",
            "source_detail",
            "represents",
            "received_on",
            "answer_kind",
            "answer_text",
            "accepted_article",
            "hidden_reason",
            "backdated",
            "backdate_reason",
        ]
        read_only_fields = [
            "id",
            "audience",
            "answer_kind",
            "answer_text",
            "accepted_article",
            "hidden_reason",
            "backdate_reason",
        ]


class ConsultationOpinionInSerializer(serializers.Serializer[Any]):
    source = NamedChoiceField(choices=Source.choices, enum_name="OpinionSource")  # type: ignore[assignment]
    text = serializers.CharField(max_length=TEXT_LIMITS[Limit.OPINION])
    received_on = serializers.DateField()
    article_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS[Limit.ARTICLE]
    )
    stance = NamedChoiceField(
        choices=Stance.choices, default=Stance.NONE, enum_name="OpinionStance"
    )
    source_detail = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS[Limit.DETAIL]
    )
    author_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS[Limit.NAME]
    )
    backdate_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS[Limit.REASON]
    )
    backdate_evidence = serializers.FileField(required=False, default=None)
    represents = serializers.IntegerField(required=False, default=1, min_value=1, max_value=100_000)


class ConsultationAnswerInSerializer(serializers.Serializer[Any]):
    kind = NamedChoiceField(choices=AnswerKind.choices, enum_name="OpinionAnswerKind")
    text = serializers.CharField(allow_blank=True, max_length=TEXT_LIMITS[Limit.ANSWER])
    article = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS[Limit.ARTICLE]
    )


def _consultation(request: Request, pk: int, check: Any) -> Consultation:
    c = get_object_or_404(Consultation.objects.select_related("unit"), pk=pk)
    if not check(request.user, c):
        raise PermissionDenied("Bạn không có quyền với cuộc lấy ý kiến này.")
    return c


def _refused(exc: ConsultationError) -> Response:
    return Response({"errors": exc.messages}, status=status.HTTP_400_BAD_REQUEST)


class ConsultationList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ConsultationSerializer(many=True))
    def get(self, request: Request) -> Response:
        items = selectors.consultations_for(request.user).prefetch_related("audiences")
        return Response(ConsultationSerializer(items, many=True).data)


class ConsultationDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ConsultationDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        c = _consultation(request, pk, permissions.can_view)
        data = dict(ConsultationSerializer(c).data)
        data["steps"] = ConsultationStepSerializer(
            selectors.steps(c, clock.today()), many=True
        ).data
        data["backdated"] = _facts(c)
        data["reopenings"] = [
            {"on": r.on.isoformat(), "reason": r.reason, "summary": r.replaced_number}
            for r in c.reopenings.all()
        ]
        data["documents"] = _documents(c)
        return Response(data)


class OpinionList(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=ConsultationOpinionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        c = _consultation(request, pk, permissions.can_view)
        return Response(ConsultationOpinionSerializer(c.opinions.all(), many=True).data)

    @extend_schema(
        request=ConsultationOpinionInSerializer, responses={201: ConsultationOpinionSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        c = _consultation(request, pk, permissions.can_view)
        data_in = ConsultationOpinionInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data
        body = SOURCE_BODY[data["source"]]
        if not (
            permissions.can_manage(request.user, c) or permissions.can_gather(request.user, c, body)
        ):
            raise PermissionDenied("Bạn không thay mặt cơ quan đã thu thập ý kiến này.")
        try:
            o = services.enter_opinion(actor=request.user, consultation=c, **data)
        except ConsultationError as exc:
            return _refused(exc)
        return Response(ConsultationOpinionSerializer(o).data, status=status.HTTP_201_CREATED)


class AnswerView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ConsultationAnswerInSerializer, responses=ConsultationOpinionSerializer)
    def post(self, request: Request, pk: int, opinion_pk: int) -> Response:
        c = _consultation(request, pk, permissions.can_manage)
        o = get_object_or_404(Opinion, pk=opinion_pk, consultation=c)
        data_in = ConsultationAnswerInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        try:
            services.answer_opinions(actor=request.user, opinions=[o], **data_in.validated_data)
        except ConsultationError as exc:
            return _refused(exc)
        o.refresh_from_db()
        return Response(ConsultationOpinionSerializer(o).data)


class PublicView(APIView):
    """The public page as JSON: the draft article by article and the window; no login."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses=ConsultationPublicSerializer)
    def get(self, request: Request, slug: str) -> Response:
        c = get_object_or_404(Consultation, slug=slug)
        if not permissions.can_view_public(c):
            return Response(status=status.HTTP_404_NOT_FOUND)
        audience = services.public_audience(c)
        articles = [
            {
                "number": a.provision.number,
                "title": a.provision.title,
                "text": a.provision.text,
                "clauses": [{"number": k.number, "text": k.text} for k in a.clauses],
            }
            for a in selectors.articles(c.public_version())
        ]
        return Response(
            {
                "title": c.title,
                "status": c.status,
                "window": ConsultationAudienceSerializer(audience).data if audience else None,
                "window_state": audience.state(clock.today()) if audience else "closed",
                "articles": articles,
                "summary": [
                    dict(zip(("no", "article", "opinion", "source", "answer"), row, strict=True))
                    for row in selectors.published_summary_rows(c)
                ],
                "outcome": c.outcome,
                "outcome_reason": c.outcome_reason,
                "backdated": _facts(c),
                "reopenings": [
                    {"on": r.on.isoformat(), "reason": r.reason, "summary": r.replaced_number}
                    for r in c.reopenings.all()
                ],
            }
        )
