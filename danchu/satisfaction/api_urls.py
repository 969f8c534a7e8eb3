from django.urls import path

from danchu.satisfaction import api

urlpatterns = [
    path("offices/", api.OfficeListView.as_view(), name="satisfaction-offices"),
    path("offices/<int:pk>/matters/", api.MatterCreateView.as_view(), name="satisfaction-matters"),
    path("offices/<int:pk>/comments/", api.CommentListView.as_view(), name="satisfaction-comments"),
    path(
        "communes/<int:pk>/<int:year>/<int:month>/",
        api.CommuneMonthView.as_view(),
        name="satisfaction-month",
    ),
    path("communes/<int:pk>/<int:year>/", api.CommuneYearView.as_view(), name="satisfaction-year"),
]
