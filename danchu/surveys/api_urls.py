from django.urls import path

from danchu.surveys import api

urlpatterns = [
    path("rounds/", api.RoundListView.as_view(), name="surveys-rounds"),
    path("rounds/<int:pk>/dashboard/", api.DashboardView.as_view(), name="surveys-dashboard"),
    path("communes/<int:pk>/results/", api.ResultsView.as_view(), name="surveys-results"),
    path("communes/<int:pk>/forms/", api.FormEntryView.as_view(), name="surveys-forms"),
]
