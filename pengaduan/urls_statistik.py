from django.urls import path

from . import views_statistik

app_name = "statistik"
urlpatterns = [
    path("", views_statistik.halaman, name="halaman"),
    path("unduh.csv", views_statistik.unduh, name="unduh"),
]
