from django.urls import path

from . import views

app_name = "statistik"
urlpatterns = [
    path("", views.halaman, name="halaman"),
    path("unduh.csv", views.unduh, name="unduh"),
]
