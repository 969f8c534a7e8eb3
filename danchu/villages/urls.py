from django.urls import path

from danchu.villages import views

app_name = "villages"

urlpatterns = [
    path("", views.index, name="index"),
    path("cycle/<int:pk>/", views.cycle, name="cycle"),
    path("elections/new/", views.election_new, name="election_new"),
    path("elections/<int:pk>/", views.election, name="election"),
    path("elections/<int:pk>/step/", views.election_step, name="election_step"),
    path("elections/<int:pk>/vote/", views.election_vote, name="election_vote"),
    path("elections/<int:pk>/record/", views.election_record, name="election_record"),
    path("elections/<int:pk>/send/", views.election_send, name="election_send"),
    path("elections/<int:pk>/answer/", views.election_answer, name="election_answer"),
    path("documents/<int:pk>.<str:fmt>", views.document, name="document"),
    path("v/<int:pk>/", views.village, name="village"),
    path("v/<int:pk>/head/", views.head_record, name="head_record"),
    path("v/<int:pk>/dismissal/", views.dismissal_open, name="dismissal_open"),
    path("dismissals/<int:pk>/", views.dismissal, name="dismissal"),
    path("dismissals/<int:pk>/request/", views.dismissal_request, name="dismissal_request"),
    path("dismissals/<int:pk>/decide/", views.dismissal_decide, name="dismissal_decide"),
    path("dismissals/<int:pk>/election/", views.dismissal_election, name="dismissal_election"),
    path("charters/new/", views.charter_new, name="charter_new"),
    path("charters/<int:pk>/", views.charter, name="charter"),
    *[
        path(f"charters/<int:pk>/{name}/", view, name=f"charter_{name}")
        for name, view in views.charter_actions.items()
    ],
]

# Routes public on purpose, each with its reason (walked by
# danchu/web/tests/test_every_url_is_guarded.py): none — every page needs a role on the village
# or its commune.
PUBLIC_ROUTES: dict[str, str] = {}
