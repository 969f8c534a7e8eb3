from django.urls import path

from danchu.satisfaction import views

app_name = "satisfaction"

urlpatterns = [
    path("", views.index, name="index"),
    path("rate/", views.rate, name="rate"),
    path("rate/<str:key>/", views.office_public, name="office_public"),
    path("office/new/", views.office_create, name="office_create"),
    path("office/<int:pk>/", views.office_detail, name="office"),
    path("office/<int:pk>/active", views.office_active, name="office_active"),
    path("office/<int:pk>/matter/", views.matter_create, name="matter_create"),
    path("office/<int:pk>/receipts.pdf", views.receipts_pdf, name="receipts_pdf"),
    path("office/<int:pk>/poster.pdf", views.poster_pdf, name="poster_pdf"),
    path("office/<int:pk>/import/", views.matters_import, name="import"),
    path("office/<int:pk>/import/example.xlsx", views.import_example, name="import_example"),
    path("comment/<uuid:pk>/answer", views.comment_answer, name="comment_answer"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("figures/<int:pk>/", views.commune_figures, name="commune_figures"),
]

# Routes public on purpose, each with its reason (walked by
# danchu/web/tests/test_every_url_is_guarded.py).
PUBLIC_ROUTES: dict[str, str] = {
    "rate/": "LD10: a resident rates the matter handled for them with the receipt's "
    "one-time code, without logging in (anonymous; the code is POSTed, never in the URL)",
    "rate/<str:key>/": "LD10: the office's standing QR code — a general rating of "
    "the commune government without logging in, and the office's public answers to comments",
}
