from django.apps import AppConfig


class PengaduanConfig(AppConfig):
    name = "pengaduan"
    verbose_name = "Pengaduan netralitas ASN"

    def ready(self):
        from netralitas.berkas import daftarkan_heif

        daftarkan_heif()
        from . import tenggat  # noqa: F401  (connects the deadline-cache invalidation receivers)
