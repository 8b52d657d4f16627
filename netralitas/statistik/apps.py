from django.apps import AppConfig


class StatistikConfig(AppConfig):
    """The public figures (/statistik/ and the home page's): they read both apps, so they sit above
    both, in an app of their own with no models."""

    name = "netralitas.statistik"
    label = "statistik"
    verbose_name = "Statistik publik"

    def ready(self):
        # The beat names the task; importing the module registers the name in every process.
        from . import tasks  # noqa: F401
