from django.urls import path

from danchu.legalcal import api

urlpatterns = [
    path("add-days/", api.AddDaysView.as_view(), name="legalcal-add-days"),
    path("is-working/", api.IsWorkingView.as_view(), name="legalcal-is-working"),
    path("swaps/", api.SwapListView.as_view(), name="legalcal-swaps"),
]
