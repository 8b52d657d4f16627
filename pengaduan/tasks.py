"""Thin tasks with stable names (the beat schedule and the outbox rows name them): load by id, call
a service. This is the only module that composes the beat's pending sweep."""

import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from netralitas.cadangan import karantina

from . import bukti, notifikasi, retensi
from .ekspor import services as ekspor
from .pelaporan import services as pelaporan
from .tindak_lanjut import pengingat as pengingat_tindak_lanjut
from .triase import pengingat as pengingat_triase

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
    return notifikasi.kirim_notifikasi(notifikasi_id)


@shared_task(acks_late=True, time_limit=900)
def kirim_notifikasi_banyak(notifikasi_ids):
    """The notifications of one change. Each row is sent on its own and committed right after its
    own send (notifikasi.kirim_notifikasi's transaction; never wrap this loop in one), so a worker
    killed mid-batch repeats at most the message in flight. A row that fails goes on to
    kirim_notifikasi, which retries it with back-off, and a row left pending is the beat's."""
    gagal = []
    for pk in notifikasi_ids:
        try:
            notifikasi.kirim_notifikasi(pk)
        except Exception:
            log.warning("Notifikasi %s gagal terkirim; dicoba ulang sendiri.", pk, exc_info=True)
            gagal.append(pk)
    for pk in gagal:
        kirim_notifikasi.apply_async((pk,), countdown=5)
    return len(notifikasi_ids) - len(gagal)


@shared_task(acks_late=True)
def buat_thumbnail(bukti_id):
    return bukti.buat_thumbnail(bukti_id)


@shared_task
def buat_thumbnail_baru():
    """The beat's, every bukti.THUMBNAIL_SETIAP seconds: the thumbnails of new evidence. A backlog
    longer than one run continues in the next message at once, on any free worker."""
    dibuat, masih_ada = bukti.buat_thumbnail_baru()
    if masih_ada:
        buat_thumbnail_baru.delay()
    return dibuat


@shared_task(acks_late=True)
def buat_salinan_bukti(salinan_id):
    return bukti.buat_salinan_bukti(salinan_id)


@shared_task(acks_late=True)
def buat_ekspor(ekspor_id):
    return ekspor.buat_berkas_ekspor(ekspor_id)


@shared_task
def proses_tertunda(umur_detik=60):
    """What a broker outage or a crashed worker left behind, enqueued again (beat): rows older than
    `umur_detik` whose task never ran."""
    return {
        "notifikasi": notifikasi.kirim_ulang_tertunda(umur_detik=umur_detik),
        "bukti": bukti.thumbnail_tertunda(umur_detik=umur_detik),
        "salinan": bukti.salinan_tertunda(umur_detik=umur_detik),
        "ekspor": ekspor.antrekan_ulang_ekspor_tertunda(),
    }


@shared_task
def ingatkan_tenggat_tindak_lanjut():
    return pengingat_tindak_lanjut.ingatkan_tenggat_tindak_lanjut()


@shared_task
def kirim_ringkasan_tenggat():
    return pengingat_triase.kirim_ringkasan_tenggat()


@shared_task
def ingatkan_instansi_tanpa_peninjau():
    return pengingat_tindak_lanjut.ingatkan_instansi_tanpa_peninjau()


@shared_task
def bersihkan_unggahan_sementara():
    """Expired staging uploads; files no row names into the quarantine; the quarantine's upkeep
    (files named again go back, days past KARANTINA_HARI are deleted)."""
    return {
        "sementara": bukti.bersihkan_unggahan_sementara(),
        "yatim_dikarantina": bukti.bersihkan_berkas_yatim(),
        **karantina.rawat(),
    }


@shared_task
def kedaluwarsakan_perbaikan():
    return pelaporan.kedaluwarsakan_perbaikan()


# Before the receipt moved to its own sealed cookie (pelaporan/tanda_terima.py), the receipt's
# session entry held the full tracking code. Those sessions end with their cookie; until then the
# purge takes the entry out of each. Cheap once they are gone: citizens are given no session now,
# so the live sessions are staff's.
SESI_TANDA_TERIMA_LAMA = "tanda_terima"


@shared_task
def bersihkan_sesi_kedaluwarsa():
    """Expired sessions are deleted (Django never does it by itself): a session row outlives its
    cookie otherwise, with whatever it held. What `manage.py clearsessions` does, on the beat."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store.clear_expired()
    dibersihkan = 0
    for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if SESI_TANDA_TERIMA_LAMA in s.get_decoded():
            sesi = store(session_key=s.session_key)
            sesi.pop(SESI_TANDA_TERIMA_LAMA, None)
            sesi.save()  # the row and its cached copy
            dibersihkan += 1
    return dibersihkan


@shared_task(acks_late=True, time_limit=3 * 3600)
def jalankan_retensi():
    """The retention job (pengaduan.retensi): safe beside another run, which skips the cases this
    one holds; a run killed half way leaves whole cases, and the next one goes on."""
    hasil = retensi.jalankan()
    log.info(
        "Retensi: %s pengaduan dihapus datanya, %s dilewati (sedang diproses pekerja lain)", hasil.kasus, hasil.dilewati
    )
    return {"kasus": hasil.kasus, "dilewati": hasil.dilewati, "per_aturan": hasil.per_aturan}
