from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Posko Netralitas — Bawaslu"
# The sidebar rebuilds the whole app list, with a permission check per model, on every page; the
# admin index already lists the apps, and the breadcrumbs lead back to it.
admin.site.enable_nav_sidebar = False
admin.site.site_title = "Posko Netralitas"
admin.site.index_title = "Penanganan pengaduan netralitas ASN"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("", include("pengaduan.urls")),
    path("wilayah/", include("netralitas.wilayah.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
