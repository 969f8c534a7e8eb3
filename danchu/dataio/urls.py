from django.urls import path

from danchu.dataio import views

app_name = "dataio"
urlpatterns = [
    path("", views.index, name="index"),
    path("people.xlsx", views.people_export, name="people_export"),
    path("people/export/", views.people_export_job, name="people_export_job"),
    path("roster/", views.roster_import, name="roster_import"),
    path("villages/", views.village_import, name="village_import"),
    path("template/<str:kind>/", views.template_download, name="template"),
]
