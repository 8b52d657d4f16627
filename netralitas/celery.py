"""The Celery app. Tasks are thin: load by id, call a service."""

import os

from celery import Celery
from celery.signals import celeryd_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netralitas.settings")

app = Celery("netralitas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _daftarkan_heif(**kwargs):
    from netralitas.berkas import daftarkan_heif

    daftarkan_heif()


@celeryd_init.connect
def _kesabaran_pekerja(**kwargs):
    """The one-second, no-retry broker budget in settings is for the web process, where a citizen
    waits. The worker (and beat in it) publishes follow-up tasks with nobody waiting: a broker busy
    for a few seconds should not push that work back to the next `proses_tertunda` run."""
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "max_retries": 2,
    }
    app.conf.broker_connection_timeout = 4
    app.conf.task_publish_retry_policy = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
