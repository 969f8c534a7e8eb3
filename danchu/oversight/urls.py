from django.urls import path

from danchu.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("boards/new/", views.board_new, name="board_new"),
    path("boards/<int:pk>/", views.board, name="board"),
    path("boards/<int:pk>/members/", views.member_new, name="member_new"),
    path("boards/<int:pk>/members/<int:member>/leave/", views.member_leave, name="member_leave"),
    path("boards/<int:pk>/papers/", views.board_paper, name="board_paper"),
    path("boards/<int:pk>/inspections/", views.board_inspection_new, name="board_inspection_new"),
    path("board-inspections/<int:pk>/", views.board_inspection, name="board_inspection"),
    path("board-inspections/<int:pk>/send/", views.plan_send, name="plan_send"),
    path("board-inspections/<int:pk>/findings/", views.board_findings, name="board_findings"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/answer/", views.answer, name="answer"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/board/", views.board_setup, name="board_setup"),
    path("projects/<int:pk>/supervisions/", views.supervision_new, name="supervision_new"),
    path("projects/<int:pk>/end/", views.project_end, name="project_end"),
    path("supervisions/<int:pk>/notice/", views.investor_notice, name="investor_notice"),
    path(
        "supervisions/<int:pk>/findings/", views.supervision_findings, name="supervision_findings"
    ),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/conclude/", views.conclude, name="conclude"),
    path("documents/<int:pk>.<str:fmt>", views.document, name="document"),
    path("p/<int:pk>/", views.public_project, name="public_project"),
    path("p/c/<int:pk>/", views.public_projects, name="public_projects"),
    path("p/documents/<int:pk>.<str:fmt>", views.public_document, name="public_document"),
]

# Routes public on purpose, each with its reason (walked by
# danchu/web/tests/test_every_url_is_guarded.py).
PUBLIC_ROUTES: dict[str, str] = {
    "p/<int:pk>/": "LD12: a project's page shows residents its board, what was found and answered",
    "p/c/<int:pk>/": "LD12: a commune's supervised projects, listed for residents",
    "p/documents/<int:pk>.<str:fmt>": "LD12: supervision reports and the commune's answers, "
    "served as issued to residents",
}
