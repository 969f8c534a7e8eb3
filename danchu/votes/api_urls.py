from django.urls import path

from danchu.votes import api

urlpatterns = [
    path("rounds/", api.RoundList.as_view(), name="votes-rounds"),
    path("rounds/<int:pk>/", api.RoundDetail.as_view(), name="votes-round"),
    path("rounds/<int:pk>/results/", api.RoundResults.as_view(), name="votes-results"),
    path("rounds/<int:pk>/check-in/", api.CheckIn.as_view(), name="votes-check-in"),
    path("rounds/<int:pk>/paper-ballots/", api.PaperBallot.as_view(), name="votes-paper"),
    path("e/<int:pk>/", api.ElectronicBallot.as_view(), name="votes-evote"),
]
