"""The Celery app. Tasks are thin: load by id, call a service."""

import os

from celery import Celery
from celery.signals import (
    before_task_publish,
    celeryd_init,
    setup_logging,
    task_postrun,
    task_prerun,
    worker_process_init,
)

from netralitas import pencatatan

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netralitas.settings")

app = Celery("netralitas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The request id travels with each task (netralitas.pencatatan).
before_task_publish.connect(pencatatan.bawa_ke_pesan, dispatch_uid="netralitas.id_permintaan.kirim")
task_prerun.connect(pencatatan.pasang_di_tugas, dispatch_uid="netralitas.id_permintaan.pasang")
task_postrun.connect(pencatatan.lepas_dari_tugas, dispatch_uid="netralitas.id_permintaan.lepas")


@setup_logging.connect
def _log_seperti_web(loglevel=None, **kwargs):
    """The worker and beat log as the web does (settings.LOGGING: JSON lines with request_id,
    task_id and task_name) instead of Celery's own format. A receiver of this signal tells Celery to
    leave the logging configuration alone; `--loglevel` still sets the level."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)


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
