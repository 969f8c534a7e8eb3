"""JSON API of the classification, with the same checks as the pages (``permissions``).

- ``GET /api/classification/rounds/`` — the years whose dashboard the user may see;
- ``GET /api/classification/rounds/<id>/`` — the year's communes, counts and targets in the
  shape of ``danchu rating count --json`` (``tong_diem``/``xep_loai`` null while a commune's
  points are incomplete), with the round and last year's counts.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.classification import permissions, rules, selectors
from danchu.classification.models import Round


def _round(r: Round) -> dict[str, Any]:
    return {
        "id": r.pk,
        "year": r.year,
        "province": r.province.name,
        "status": r.status,
        "scheme": {"id": r.scheme_id, "name": r.scheme.name, "version": r.scheme.version},
        "decision_number": r.decision_number,
        "due": {
            "self_assessment": r.self_assessment_due,
            "review": r.review_due,
            "decision": r.decision_due,
        },
    }


# The answers' shapes (issue 19: a complete API contract). ``_round`` and the views build the
# same keys; the contract test checks real answers against these.


class RatingSchemeRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()


class RatingDueSerializer(serializers.Serializer[Any]):
    self_assessment = serializers.DateField()
    review = serializers.DateField()
    decision = serializers.DateField()


class RatingRoundSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    province = serializers.CharField()
    status = serializers.CharField()
    scheme = RatingSchemeRefSerializer()
    decision_number = serializers.CharField(allow_blank=True)
    due = RatingDueSerializer()


class RatingCapSerializer(serializers.Serializer[Any]):
    tieu_thuc = serializers.CharField(help_text="The criterion's code.")
    chuc_danh = serializers.CharField(help_text="The responsible position.")
    diem = serializers.CharField(allow_null=True, help_text='Points, e.g. "16.99".')
    muc_toi_da = serializers.CharField(allow_null=True, help_text="GR2: the rating cap.")


class RatingCommuneSerializer(serializers.Serializer[Any]):
    ma_xa = serializers.CharField()
    ten_xa = serializers.CharField()
    trang_thai = serializers.CharField()
    tong_diem = serializers.CharField(
        allow_null=True, help_text='Total points, e.g. "84.99"; null while incomplete.'
    )
    xep_loai = serializers.CharField(allow_null=True, help_text="The class; null while incomplete.")
    tsvm = serializers.BooleanField()
    tran_danh_gia = RatingCapSerializer(many=True)
    hau_qua = serializers.ListField(child=serializers.CharField())


class RatingTargetSerializer(serializers.Serializer[Any]):
    chi_tieu = serializers.CharField()
    so_sanh = serializers.CharField()
    so_luong = serializers.IntegerField()
    thuc_te = serializers.IntegerField()
    dat = serializers.BooleanField()


class RatingDashboardSerializer(serializers.Serializer[Any]):
    round = RatingRoundSerializer()
    communes = RatingCommuneSerializer(many=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    targets = RatingTargetSerializer(many=True)
    previous_counts = serializers.DictField(child=serializers.IntegerField(), allow_null=True)


class RoundListView(APIView):
    @extend_schema(responses=RatingRoundSerializer(many=True))
    def get(self, request: Request) -> Response:
        rounds = [
            r
            for r in selectors.rounds_for(request.user).order_by("-year", "province__name")
            if permissions.can_view_round(request.user, r)
        ]
        if not rounds and not (
            permissions.managed_provinces(request.user) or permissions.my_communes(request.user)
        ):
            raise PermissionDenied  # like the page: nothing of the classification for this user
        return Response([_round(r) for r in rounds])


class RoundView(APIView):
    @extend_schema(responses=RatingDashboardSerializer)
    def get(self, request: Request, pk: int) -> Response:
        round_ = get_object_or_404(Round.objects.select_related("province", "scheme"), pk=pk)
        if not permissions.can_view_round(request.user, round_):
            raise PermissionDenied
        board = selectors.dashboard(round_)
        return Response(
            {
                "round": _round(round_),
                "communes": [
                    {
                        "ma_xa": r.assessment.commune.code,
                        "ten_xa": r.assessment.commune.name,
                        "trang_thai": r.assessment.status,
                        "tong_diem": rules.points_str(r.total) if r.total is not None else None,
                        "xep_loai": r.grade.value if r.grade else None,
                        "tsvm": r.tsvm,
                        "tran_danh_gia": [
                            {
                                "tieu_thuc": c.criterion.code,
                                "chuc_danh": c.criterion.position,
                                "diem": rules.points_str(c.points)
                                if c.points is not None
                                else None,
                                "muc_toi_da": c.cap.value if c.cap else None,
                            }
                            for c in r.caps
                        ],
                        "hau_qua": [c.value for c in r.consequences],
                    }
                    for r in board.results
                ],
                "counts": board.counts,
                "targets": [
                    {
                        "chi_tieu": t.subject,
                        "so_sanh": t.comparison.value,
                        "so_luong": t.number,
                        "thuc_te": actual,
                        "dat": met,
                    }
                    for t, actual, met in board.targets
                ],
                "previous_counts": board.previous_counts,
            }
        )
