from django.urls import path

from danchu.dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.dialogue_new, name="dialogue_new"),
    path("d/<int:pk>/", views.dialogue, name="dialogue"),
    *[
        path(f"d/<int:pk>/{name}/", view, name=f"dialogue_{name}")
        for name, view in views.dialogue_actions.items()
    ],
    path("p/<int:pk>/", views.public, name="public"),
    path("documents/<int:pk>.<str:fmt>", views.document, name="document"),
    path("conferences/", views.conferences, name="conferences"),
    path("conferences/new/", views.conference_new, name="conference_new"),
    path("conferences/<int:pk>/", views.conference, name="conference"),
    *[
        path(f"conferences/<int:pk>/{name}/", view, name=f"conference_{name}")
        for name, view in views.conference_actions.items()
    ],
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff, name="staff"),
    path("staff/<int:pk>/held/", views.staff_held, name="staff_held"),
]

# Routes public on purpose, each with its reason (walked by
# danchu/web/tests/test_every_url_is_guarded.py).
PUBLIC_ROUTES: dict[str, str] = {
    "p/<int:pk>/": "LD9: residents read when and where the commune's dialogue is held and the "
    "answers it published, and send questions beforehand without logging in — named or "
    "anonymous as they choose, throttled per address (the address is never stored)",
}
