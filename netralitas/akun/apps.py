from django.apps import AppConfig


class AkunConfig(AppConfig):
    name = "netralitas.akun"
    label = "akun"
    verbose_name = "Akun staf"

    def ready(self):
        from . import signals, tasks  # noqa: F401 - tasks: the names services enqueue

        signals.hubungkan()
