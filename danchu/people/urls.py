from django.urls import path

from danchu.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/posts/new/", views.assignment_create, name="assignment_create"),
    path("<int:pk>/posts/<int:assignment_pk>/end/", views.assignment_end, name="assignment_end"),
    path("<int:pk>/transfer/", views.transfer_create, name="transfer"),
    path("<int:pk>/retirement/", views.retirement_edit, name="retirement"),
]
