from django.urls import path

from danchu.jobs import api

urlpatterns = [
    path("", api.JobListView.as_view(), name="jobs-list"),
    path("<int:pk>/", api.JobView.as_view(), name="jobs-detail"),
]
