from django.urls import path

from danchu.classification import views

app_name = "classification"

urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/", views.schemes, name="schemes"),
    path("schemes/new/", views.scheme_edit, name="scheme_new"),
    path("schemes/import/", views.scheme_import, name="scheme_import"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("new/", views.round_new, name="round_new"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/decide/", views.round_decide, name="round_decide"),
    path("<int:pk>/decision.<str:fmt>", views.decision_file, name="decision"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_record, name="action"),
    path("<int:pk>/commend/", views.commend, name="commend"),
    path("<int:pk>/indicators/", views.round_indicators, name="indicators"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/officials/", views.officials, name="officials"),
    path(
        "assessments/<int:pk>/indicators/",
        views.commune_indicators,
        name="commune_indicators",
    ),
    path("assessments/<int:pk>/report/<str:period>/", views.report_issue, name="report_issue"),
    path(
        "assessments/<int:pk>/report-<str:period>.<str:fmt>",
        views.report_file,
        name="report",
    ),
    path("apology/", views.apology_list, name="apologies"),
    path("apology/<int:pk>/", views.apology, name="apology"),
    path("apology/<int:pk>/draft.docx", views.apology_draft, name="apology_draft"),
]
