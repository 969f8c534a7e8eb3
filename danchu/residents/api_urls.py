from django.urls import path

from danchu.residents import api

urlpatterns = [
    path("decisions/", api.DecisionList.as_view(), name="residents-decisions"),
    path("decisions/<int:pk>/", api.DecisionDetail.as_view(), name="residents-decision"),
]
