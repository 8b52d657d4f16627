from django.contrib import admin
from django.urls import include, path

from . import metrika, views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("", include("pengaduan.urls")),
    path("sosialisasi/", include("sosialisasi.urls")),
    path("statistik/", include("netralitas.statistik.urls")),
    path("tanya/", include("netralitas.tanya.urls")),
    path("wilayah/", include("netralitas.wilayah.urls")),
    # The reviewer invitation's link (netralitas.akun.undangan).
    path("akun/", include("netralitas.akun.undangan.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Prometheus; only from METRIKA_IZIN_JARINGAN (netralitas.metrika).
    path("metrics", metrika.metrics, name="metrika"),
]
