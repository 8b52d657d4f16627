"""Thin tasks: load by id, call a service."""

import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings

from . import services

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
    time_limit=300,
)
def kirim_notifikasi(self, notifikasi_id):
    return services.kirim_notifikasi(notifikasi_id)


@shared_task(acks_late=True, time_limit=900)
def kirim_notifikasi_banyak(notifikasi_ids):
    """The notifications of one change. Each row is sent on its own; a row that fails goes on to
    kirim_notifikasi, which retries it with back-off, and a row left pending is the beat's."""
    gagal = []
    for pk in notifikasi_ids:
        try:
            services.kirim_notifikasi(pk)
        except Exception:
            log.warning("Notifikasi %s gagal terkirim; dicoba ulang sendiri.", pk, exc_info=True)
            gagal.append(pk)
    for pk in gagal:
        kirim_notifikasi.apply_async((pk,), countdown=5)
    return len(notifikasi_ids) - len(gagal)


@shared_task(acks_late=True)
def buat_thumbnail(bukti_id):
    return services.buat_thumbnail(bukti_id)


@shared_task(acks_late=True)
def buat_salinan_bukti(salinan_id):
    from . import tindak_lanjut

    return tindak_lanjut.buat_salinan_bukti(salinan_id)


@shared_task
def ingatkan_tenggat_tindak_lanjut():
    from . import tindak_lanjut

    return tindak_lanjut.ingatkan_tenggat_tindak_lanjut()


@shared_task
def proses_tertunda():
    return services.proses_tertunda()


@shared_task
def bersihkan_unggahan_sementara():
    return {"sementara": services.bersihkan_unggahan_sementara(), "yatim": services.bersihkan_berkas_yatim()}


@shared_task
def kedaluwarsakan_perbaikan():
    return services.kedaluwarsakan_perbaikan()


@shared_task(acks_late=True)
def buat_ekspor(ekspor_id):
    from . import ekspor

    return ekspor.buat_berkas_ekspor(ekspor_id)


@shared_task(time_limit=600, expires=540)
def perbarui_statistik():
    """The public statistics of every scope, computed once and published under a new version."""
    from . import statistik

    return statistik.perbarui()


@shared_task
def bersihkan_sesi_kedaluwarsa():
    """Expired sessions are deleted (Django never does it by itself): a session row outlives its
    cookie otherwise, with whatever it held. What `manage.py clearsessions` does, on the beat."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
