from django.urls import path

from danchu.legalcal import views

app_name = "legalcal"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("feed/reset", views.feed_reset, name="feed_reset"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
