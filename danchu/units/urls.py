from django.urls import path

from danchu.units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("search/", views.unit_search, name="search"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/units.xlsx", views.units_export, name="export"),
    path("<int:pk>/edit/", views.village_edit, name="village_edit"),
    path("<int:pk>/close/", views.village_close, name="village_close"),
    path("<int:pk>/villages/new/", views.village_create, name="village_create"),
]
