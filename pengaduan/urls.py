from django.urls import path

from .pelaporan import views

app_name = "pengaduan"
urlpatterns = [
    path("lapor/", views.lapor, name="lapor"),
    path("lapor/tanda-terima/", views.tanda_terima, name="tanda_terima"),
    # Under the receipt's path, so the receipt cookie (scoped to it) reaches the download too.
    path("lapor/tanda-terima/unduh/", views.unduh_tanda_terima, name="unduh_tanda_terima"),
    path("lacak/", views.lacak, name="lacak"),
    # Under /lacak/, so the access cookie (scoped to it) reaches the download.
    path("lacak/pemberitahuan/", views.unduh_pemberitahuan, name="lacak_pemberitahuan"),
]
