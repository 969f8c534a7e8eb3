from django.urls import path

from danchu.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("supervise/", views.supervise, name="supervise"),
    path("public/", views.public_index, name="public_index"),
    path("p/<slug:slug>/", views.public_page, name="public"),
    path("p/<slug:slug>/summary.<str:fmt>", views.public_summary, name="public_summary"),
    path("p/<slug:slug>/regulation.<str:fmt>", views.public_regulation, name="public_regulation"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/draft/", views.draft, name="draft"),
    path("<int:pk>/versions/<int:number>/", views.version_diff, name="diff"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/audience/", views.audience, name="audience"),
    path("<int:pk>/sends/new/", views.send_due, name="send_due"),
    path("<int:pk>/sends/<int:send_pk>/", views.send_record, name="send_record"),
    path("<int:pk>/publications/new/", views.publication, name="publication"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/opinions/", views.opinions, name="opinions"),
    path("<int:pk>/opinions/new/", views.opinion_enter, name="opinion_enter"),
    path("<int:pk>/opinions/<int:opinion_pk>/hide/", views.opinion_hide, name="opinion_hide"),
    path("<int:pk>/opinions/<int:opinion_pk>/show/", views.opinion_show, name="opinion_show"),
    path("<int:pk>/summary/publish/", views.summary_publish, name="summary_publish"),
    path("<int:pk>/summary/reopen/", views.summary_reopen, name="summary_reopen"),
    path("<int:pk>/summary.<str:fmt>", views.summary_file, name="summary_file"),
    path("<int:pk>/regulation.<str:fmt>", views.regulation_file, name="regulation_file"),
    path("<int:pk>/documents/<int:doc_pk>.<str:fmt>", views.issued_file, name="issued_file"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/number/", views.report_number, name="report_number"),
    path("<int:pk>/report/correct/", views.report_correct, name="report_correct"),
    path("<int:pk>/report.<str:fmt>", views.report_file, name="report_file"),
]
