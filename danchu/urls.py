from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from danchu.web import files

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("danchu.api.urls")),
    path("units/", include("danchu.units.urls")),
    path("people/", include("danchu.people.urls")),
    path("accounts/", include("danchu.accounts.urls")),
    path("calendar/", include("danchu.legalcal.urls")),
    path("documents/", include("danchu.documents.urls")),
    path("audit/", include("danchu.audit.urls")),
    path("data/", include("danchu.dataio.urls")),
    path("votes/", include("danchu.votes.urls")),
    path("surveys/", include("danchu.surveys.urls")),
    path("consultations/", include("danchu.consultations.urls")),
    path("classification/", include("danchu.classification.urls")),
    path("residents/", include("danchu.residents.urls")),
    path("disclosures/", include("danchu.disclosures.urls")),
    path("satisfaction/", include("danchu.satisfaction.urls")),
    path("villages/", include("danchu.villages.urls")),
    path("oversight/", include("danchu.oversight.urls")),
    path("dialogues/", include("danchu.dialogues.urls")),
    path("complaints/", include("danchu.complaints.urls")),
    path("jobs/", include("danchu.jobs.urls")),
    path("files/<path:name>", files.serve, name="protected_file"),
    path("", include("danchu.web.urls")),
]
