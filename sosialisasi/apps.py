from django.apps import AppConfig


class SosialisasiConfig(AppConfig):
    name = "sosialisasi"
    verbose_name = "Sosialisasi netralitas"

    def ready(self):
        # The services enqueue tasks by name (netralitas.antrean): importing them registers the names.
        from . import signals, tasks  # noqa: F401

        signals.hubungkan()
