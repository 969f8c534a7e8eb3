from django.urls import path

from danchu.votes import views

app_name = "votes"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/edit/", views.round_edit, name="edit"),
    path("<int:pk>/candidates/", views.candidates, name="candidates"),
    path("<int:pk>/subjects/<int:subject_pk>/", views.subject_page, name="subject"),
    path("<int:pk>/clarify/", views.clarify, name="clarify"),
    path("<int:pk>/do/<slug:action>/", views.round_action, name="action"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/board/ballots.pdf", views.issue_ballots, name="issue_ballots"),
    path("<int:pk>/board/codes.pdf", views.issue_codes, name="issue_codes"),
    path("<int:pk>/board/entry/", views.entry, name="entry"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/report.<str:fmt>", views.report, name="report"),
    path(
        "<int:pk>/documents/<int:doc_pk>.<str:fmt>", views.issued_document, name="issued_document"
    ),
    path("people/<int:person_pk>/", views.person_results, name="person"),
    # In the hall: no login, a one-time code (the code never appears in a URL).
    path("e/<int:pk>/", views.evote, name="evote"),
]
