from django.urls import path

from danchu.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="round_create"),
    path("online/", views.online, name="online"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/results.xlsx", views.round_xlsx, name="round_xlsx"),
    path("<int:pk>/report.pdf", views.round_report_pdf, name="round_report"),
    path("<int:round_pk>/committee/<int:unit_pk>/", views.committee_edit, name="committee"),
    path(
        "<int:round_pk>/committee/<int:unit_pk>/decision.<str:fmt>",
        views.committee_decision,
        name="committee_decision",
    ),
    path(
        "<int:round_pk>/committee/<int:unit_pk>/issue",
        views.committee_decision_issue,
        name="committee_decision_issue",
    ),
    path("commune/<int:pk>/", views.commune_detail, name="commune"),
    path("commune/<int:pk>/reopen", views.commune_reopen, name="reopen"),
    path("subject/<int:pk>/count-reason", views.subject_count_reason, name="count_reason"),
    path(
        "subject/<int:pk>/handover-reason",
        views.subject_handover_reason,
        name="handover_reason",
    ),
    path("subject/<int:pk>/handover.<str:fmt>", views.subject_handover, name="handover"),
    path("flag/<int:pk>/withdraw", views.flag_withdraw, name="flag_withdraw"),
    path("commune/<int:pk>/notice", views.commune_notice, name="notice"),
    path("commune/<int:pk>/compute", views.commune_compute, name="compute"),
    path("commune/<int:pk>/entry/", views.commune_entry, name="entry"),
    path("commune/<int:pk>/entry/discard", views.commune_entry_discard, name="entry_discard"),
    path("commune/<int:pk>/double-entry", views.commune_double_entry, name="double_entry"),
    path("commune/<int:pk>/upload/", views.commune_upload, name="upload"),
    path(
        "commune/<int:pk>/upload/example.<str:fmt>",
        views.commune_upload_template,
        name="upload_template",
    ),
    path("commune/<int:pk>/report", views.commune_report, name="report"),
    path("commune/<int:pk>/report.<str:fmt>", views.commune_report_file, name="report_file"),
    path("subject/<int:pk>/", views.subject_detail, name="subject"),
    path("subject/<int:pk>/quota", views.subject_quota, name="quota"),
    path("subject/<int:pk>/forms.pdf", views.subject_forms_pdf, name="forms_pdf"),
    path("subject/<int:pk>/codes", views.subject_codes, name="codes"),
    path("flag/<int:pk>/", views.flag_detail, name="flag"),
    path("flag/<int:pk>/notice.<str:fmt>", views.flag_notice, name="flag_notice"),
    path("template/<int:province_pk>/", views.template_edit, name="template"),
]
