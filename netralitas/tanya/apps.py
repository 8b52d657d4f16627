from django.apps import AppConfig


class TanyaConfig(AppConfig):
    """Tanya jawab netralitas (/tanya/): anyone asks what a civil servant may do; Bawaslu of the
    region answers in the admin; answers, with the question rewritten to identify no one, are
    published. It reads pengaduan's categories and uses its outbox; pengaduan never imports it."""

    name = "netralitas.tanya"
    label = "tanya"
    verbose_name = "Tanya jawab netralitas"
    default_auto_field = "django.db.models.BigAutoField"
