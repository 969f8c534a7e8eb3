"""API under /api/. Schema at /api/schema/ (OpenAPI 3), browsable docs at /api/docs/.

Process apps add their endpoints in their own ``api.py`` and register them here under
``/api/<app>/``.
"""

from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from danchu.api import views

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("people", views.PersonViewSet, basename="person")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("me/", views.MeView.as_view(), name="me"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("tokens/", views.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/", views.TokenRevokeView.as_view(), name="token-revoke"),
    path("units/<str:code>/people/", views.UnitPeopleView.as_view(), name="unit-people"),
    path("", include(router.urls)),
]

# Each process app may expose `danchu.<app>.api_urls.urlpatterns`, mounted at /api/<app>/.
for _app in (
    "votes",
    "surveys",
    "consultations",
    "classification",
    "residents",
    "disclosures",
    "satisfaction",
    "villages",
    "oversight",
    "dialogues",
    "complaints",
    "legalcal",
    "audit",
    "dataio",
    "documents",
    "jobs",
):
    if find_spec(f"danchu.{_app}.api_urls"):
        import_module(f"danchu.{_app}.api_urls")
        urlpatterns.append(path(f"{_app}/", include(f"danchu.{_app}.api_urls")))
