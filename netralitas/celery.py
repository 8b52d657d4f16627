"""The Celery app. Tasks are thin: load by id, call a service."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netralitas.settings")

app = Celery("netralitas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _daftarkan_heif(**kwargs):
    from netralitas.berkas import daftarkan_heif

    daftarkan_heif()
