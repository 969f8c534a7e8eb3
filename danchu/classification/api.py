"""JSON API of the classification, with the same checks as the pages (``permissions``).

- ``GET /api/classification/rounds/`` — the years whose dashboard the user may see;
- ``GET /api/classification/rounds/<id>/`` — the year's communes, counts and targets in the
  shape of ``danchu rating count --json`` (``tong_diem``/``xep_loai`` null while a commune's
  points are incomplete), with the round and last year's counts.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
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


class RoundListView(APIView):
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
