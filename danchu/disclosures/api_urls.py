from django.urls import path

from danchu.disclosures import api

urlpatterns = [
    path("", api.DisclosureListView.as_view(), name="disclosures-list"),
    path("<int:pk>/", api.DisclosureView.as_view(), name="disclosures-detail"),
]
