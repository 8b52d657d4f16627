from django.apps import AppConfig


class SosialisasiConfig(AppConfig):
    name = "sosialisasi"
    verbose_name = "Sosialisasi netralitas"

    def ready(self):
        from . import signals

        signals.hubungkan()
