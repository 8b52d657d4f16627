from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "netralitas.audit"
    label = "audit"
    verbose_name = "Log audit"
