from django.urls import path

from danchu.classification import api

urlpatterns = [
    path("rounds/", api.RoundListView.as_view(), name="classification-rounds"),
    path("rounds/<int:pk>/", api.RoundView.as_view(), name="classification-round"),
]
