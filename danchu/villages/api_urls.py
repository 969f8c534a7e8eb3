from django.urls import path

from danchu.villages import api

urlpatterns = [
    path("elections/", api.ElectionListView.as_view(), name="villages-elections"),
    path("elections/<int:pk>/", api.ElectionView.as_view(), name="villages-election"),
    path("heads/", api.HeadListView.as_view(), name="villages-heads"),
    path("charters/", api.CharterListView.as_view(), name="villages-charters"),
    path("charters/<int:pk>/", api.CharterView.as_view(), name="villages-charter"),
]
