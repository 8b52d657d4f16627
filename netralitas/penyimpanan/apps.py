from django.apps import AppConfig


class PenyimpananConfig(AppConfig):
    name = "netralitas.penyimpanan"
    label = "penyimpanan"
    verbose_name = "Penyimpanan objek"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The task name the storage enqueues (netralitas.antrean) exists once the tasks are imported.
        from . import tasks  # noqa: F401
