from django.apps import AppConfig


class PengaduanConfig(AppConfig):
    name = "pengaduan"
    verbose_name = "Pengaduan netralitas ASN"

    def ready(self):
        from netralitas.berkas import daftarkan_heif

        daftarkan_heif()
