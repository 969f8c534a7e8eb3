from django.urls import URLPattern

app_name = "villages"

urlpatterns: list[URLPattern] = []

# Routes public on purpose, each with its reason (walked by
# danchu/web/tests/test_every_url_is_guarded.py).
PUBLIC_ROUTES: dict[str, str] = {}
