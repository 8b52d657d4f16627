from django.urls import path

from . import views

app_name = "sosialisasi"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("foto/<int:pk>.jpg", views.foto, name="foto"),
    path("surat-imbauan/<int:pk>.pdf", views.surat, name="surat"),
    path("kalender.ics", views.kalender, name="kalender"),
]
