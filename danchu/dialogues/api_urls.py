from django.urls import path

from danchu.dialogues import api

urlpatterns = [
    path("dialogues/", api.DialogueListView.as_view(), name="dialogues-dialogues"),
    path("dialogues/<int:pk>/", api.DialogueView.as_view(), name="dialogues-dialogue"),
    path("conferences/", api.ConferenceListView.as_view(), name="dialogues-conferences"),
    path("conferences/<int:pk>/", api.ConferenceView.as_view(), name="dialogues-conference"),
    path("staff/", api.StaffListView.as_view(), name="dialogues-staff"),
]
