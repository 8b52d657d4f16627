from django.apps import AppConfig


class AkunConfig(AppConfig):
    name = "netralitas.akun"
    label = "akun"
    verbose_name = "Akun staf"

    def ready(self):
        from . import signals

        signals.hubungkan()
