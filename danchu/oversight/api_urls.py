from django.urls import path

from danchu.oversight import api

urlpatterns = [
    path("boards/", api.BoardListView.as_view(), name="oversight-boards"),
    path("projects/", api.ProjectListView.as_view(), name="oversight-projects"),
    path("projects/<int:pk>/", api.ProjectView.as_view(), name="oversight-project"),
    path("inspections/", api.InspectionListView.as_view(), name="oversight-inspections"),
    path(
        "recommendations/", api.RecommendationListView.as_view(), name="oversight-recommendations"
    ),
]
