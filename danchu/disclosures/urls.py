from django.urls import path

from danchu.disclosures import views

app_name = "disclosures"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/facts/new/", views.fact_new, name="fact_new"),
    path("<int:pk>/facts/<int:fact_pk>/end/", views.fact_end, name="fact_end"),
    path("<int:pk>/take-down/", views.take_down, name="take_down"),
    path("<int:pk>/files/new/", views.file_add, name="file_add"),
    path("<int:pk>/files/<int:file_pk>/", views.file_download, name="file"),
    path("<int:pk>/document.<str:fmt>", views.document, name="document"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("sessions/<int:pk>/report/", views.session_report, name="session_report"),
    path(
        "sessions/<int:pk>/report.<str:fmt>", views.session_report_file, name="session_report_file"
    ),
    path("quarters/", views.quarters, name="quarters"),
    path("public/", views.public_index, name="public_index"),
    path("c/<int:pk>/", views.public_commune, name="public"),
    path("c/<int:pk>/<int:item>/", views.public_item, name="public_item"),
    path("c/<int:pk>/<int:item>/files/<int:file_pk>/", views.public_file, name="public_file"),
    path("c/<int:pk>/<int:item>/document.<str:fmt>", views.public_document, name="public_document"),
]

# Routes public on purpose, each with its reason (walked by
# danchu/web/tests/test_every_url_is_guarded.py).
PUBLIC_ROUTES: dict[str, str] = {
    "public/": "LD1: list of communes with a public disclosure page",
    "c/<int:pk>/": "LD1 (Art. 13.1): the commune's public page of what it disclosed",
    "c/<int:pk>/<int:item>/": "LD1: one item disclosed on the commune's public page",
    "c/<int:pk>/<int:item>/files/<int:file_pk>/": "LD1: a file of an item on the public page",
    "c/<int:pk>/<int:item>/document.<str:fmt>": "LD1: an issued document of a public item, "
    "served as stored",
}
