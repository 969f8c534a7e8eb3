from django.urls import path

from danchu.documents import views

app_name = "documents"
urlpatterns = [
    path("samples/", views.samples, name="samples"),
    path("samples/<slug:name>.<str:fmt>", views.sample_file, name="sample_file"),
]
