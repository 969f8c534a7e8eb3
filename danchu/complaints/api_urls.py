from django.urls import path

from danchu.complaints import api

urlpatterns = [
    path("", api.CaseListView.as_view(), name="complaints-list"),
    path("figures/", api.FiguresView.as_view(), name="complaints-figures"),
]
