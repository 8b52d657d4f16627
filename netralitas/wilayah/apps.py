from django.apps import AppConfig


class WilayahConfig(AppConfig):
    name = "netralitas.wilayah"
    label = "wilayah"
    verbose_name = "Wilayah administrasi"
