from django.urls import path

from danchu.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.case_action, name="action"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/<int:pk>/cancel/", views.slot_cancel, name="slot_cancel"),
    path("receptions/", views.receptions, name="receptions"),
    path("public/<int:pk>/", views.public_schedule, name="public_schedule"),
    path("limits/", views.limits, name="limits"),
    path("follow/", views.follow, name="follow"),
]

# Routes public on purpose, each with its reason (walked by
# danchu/web/tests/test_every_url_is_guarded.py).
PUBLIC_ROUTES: dict[str, str] = {
    "public/<int:pk>/": "GR8: the commune leaders' reception schedule, published",
    "limits/": "GR8: the legal time limits the platform uses, with their basis",
    "follow/": "GR8: a citizen follows their case by its reference code (throttled)",
}
