"""Enqueueing a task by its registered name, after the transaction commits.

Services never import their app's `tasks` module (the tasks import the services): they name the task,
`antrekan("pengaduan.tasks.buat_thumbnail", bukti.pk)`, and each app's `ready()` imports its tasks so
every name is registered before the first request. A name nobody registered is a programming error
and fails loudly at the call, inside the request's transaction, not later in a worker.

A broker outage never fails the request: the row the task would work on stays pending and the beat's
sweep (`pengaduan.tasks.proses_tertunda`, `sosialisasi.tasks.proses_foto_tertunda`) picks it up."""

import logging
import time

from celery import current_app
from django.db import transaction

from netralitas import pencatatan

log = logging.getLogger(__name__)

# After a failed publish this process leaves that broker alone for a while: a report enqueues a task
# per photo and one per e-mail, and a hanging broker would otherwise cost each its own timeout.
BROKER_JEDA_SETELAH_GAGAL = 30.0
_broker_istirahat_sampai: dict[str, float] = {}


def task_terdaftar(nama: str):
    """The registered task of that name; KeyError (celery's NotRegistered) for an unknown one."""
    return current_app.tasks[nama]


def antrekan(nama: str, *args) -> None:
    """Publish the task `nama` with `args` once the current transaction commits (at once outside
    one): a worker never looks for a row the request has not committed yet. The request id of the
    moment goes with it (netralitas.pencatatan), whenever the commit runs the callback."""
    task = task_terdaftar(nama)
    id_permintaan = pencatatan.id_sekarang()
    transaction.on_commit(lambda: _terbitkan(task, args, id_permintaan))


def kirim_sekarang(nama: str, *args) -> None:
    """Publish now, for the beat's sweeps: the rows they enqueue were committed long ago."""
    _terbitkan(task_terdaftar(nama), args, pencatatan.id_sekarang())


def _terbitkan(task, args, id_permintaan: str | None = None) -> None:
    conf = task.app.conf
    broker = str(conf.broker_write_url or conf.broker_url)
    if not conf.task_always_eager and time.monotonic() < _broker_istirahat_sampai.get(broker, 0.0):
        log.info("Broker baru saja gagal; %s%r menunggu beat.", task.name, args)
        return
    try:
        task.apply_async(args, headers={pencatatan.HEADER_TUGAS: id_permintaan} if id_permintaan else None)
    except Exception:  # kombu raises several kinds when the broker is down
        _broker_istirahat_sampai[broker] = time.monotonic() + BROKER_JEDA_SETELAH_GAGAL
        log.warning("Broker tidak terjangkau; %s%r menunggu beat.", task.name, args, exc_info=True)
