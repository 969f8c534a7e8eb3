from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

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
    path("", include("danchu.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
