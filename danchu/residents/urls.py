from django.urls import path

from danchu.residents import views

app_name = "residents"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.propose, name="propose"),
    path("villages/<int:pk>/", views.village, name="village"),
    path("households/<int:pk>/end/", views.household_end, name="household_end"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:kind>.<str:fmt>", views.document, name="document"),
    path("vote/", views.online, name="online"),
]

# Routes public on purpose, each with its reason (walked by
# danchu/web/tests/test_every_url_is_guarded.py).
PUBLIC_ROUTES: dict[str, str] = {
    "vote/": "LD6: a household representative votes online with a one-time code",
}
