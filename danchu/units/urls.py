from django.urls import path

from danchu.units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/villages/new/", views.village_create, name="village_create"),
]
