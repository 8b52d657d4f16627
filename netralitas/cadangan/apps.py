from django.apps import AppConfig


class CadanganConfig(AppConfig):
    name = "netralitas.cadangan"
    label = "cadangan"
    verbose_name = "Cadangan dan pemulihan"
