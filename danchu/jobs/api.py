"""JSON API of background jobs, with the pages' checks (``permissions.can_view``).

- ``GET /api/jobs/`` — the jobs the user started, newest first (paginated);
- ``GET /api/jobs/<id>/`` — one job: status, progress, result, errors (a client polls it).
"""

from __future__ import annotations

from typing import Any

from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound

from danchu.jobs import permissions, registry, selectors
from danchu.jobs.models import Job


class JobErrorSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(help_text="Spreadsheet row (0: the whole file or job)")
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField(help_text="In Vietnamese")


class JobSerializer(serializers.ModelSerializer[Job]):
    kind_label = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    started_by = serializers.SerializerMethodField()
    percent = serializers.IntegerField(read_only=True)
    finished = serializers.BooleanField(read_only=True)
    # DRF takes declared fields out of the class, so `Serializer.errors` is not shadowed.
    errors = JobErrorSerializer(many=True, read_only=True)  # type: ignore[assignment]
    result_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "kind_label",
            "unit",
            "started_by",
            "status",
            "finished",
            "done",
            "total",
            "percent",
            "step",
            "message",
            "result",
            "errors",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "result_url",
            "page_url",
        ]
        read_only_fields = fields

    def get_kind_label(self, job: Job) -> str:
        return registry.label(job.kind)

    def get_unit(self, job: Job) -> str | None:
        return job.unit.code if job.unit is not None else None

    def get_started_by(self, job: Job) -> str | None:
        return job.started_by.get_username() if job.started_by is not None else None

    def get_result_url(self, job: Job) -> str | None:
        return job.result_file.url if job.result_file else None

    def get_page_url(self, job: Job) -> str:
        return f"/jobs/{job.pk}/"


class JobListView(generics.ListAPIView[Job]):
    serializer_class = JobSerializer

    def get_queryset(self) -> Any:
        return selectors.my_jobs(self.request.user).select_related("started_by")


class JobView(generics.RetrieveAPIView[Job]):
    serializer_class = JobSerializer

    def get_object(self) -> Job:
        job = Job.objects.select_related("unit", "started_by").filter(pk=self.kwargs["pk"]).first()
        if job is None or not permissions.can_view(self.request.user, job):
            raise NotFound
        return job
