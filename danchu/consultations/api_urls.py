from django.urls import path

from danchu.consultations import api

urlpatterns = [
    path("", api.ConsultationList.as_view(), name="consultations-list"),
    path("<int:pk>/", api.ConsultationDetail.as_view(), name="consultations-detail"),
    path("<int:pk>/opinions/", api.OpinionList.as_view(), name="consultations-opinions"),
    path(
        "<int:pk>/opinions/<int:opinion_pk>/answer/",
        api.AnswerView.as_view(),
        name="consultations-answer",
    ),
    path("public/<slug:slug>/", api.PublicView.as_view(), name="consultations-public"),
]
