"""Deadline arithmetic: day counts are rows of AturanTenggat; working days skip weekends and HariLibur.

/lapor/ asks for a deadline on every report, so both tables are read once into the Django cache
(Redis in production, shared by every web node) and dropped there on every save or delete of either
model, in the request that made the change; an edit in the admin therefore counts from the next
request on in the process that made it, and within `UMUR_LOKAL` seconds in every other one (each
process keeps the table that long, so a report's three deadline lookups cost one cache read,
not three). The receivers below are connected when this module is imported, which
`PengaduanConfig.ready()` should do. Writes that send no signal (`QuerySet.update()`, raw SQL) are
picked up when the entry expires, after `UMUR_CACHE` seconds.
"""

import datetime
import logging
import time

from django.core.cache import cache
from django.db import router, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import AturanTenggat, HariLibur, JenisHari, LangkahTenggat

logger = logging.getLogger(__name__)

# The version suffix changes whenever the cached shape does, so nodes of two releases never read
# each other's entries.
KUNCI_CACHE = "pengaduan:tenggat:v1"
UMUR_CACHE = 15 * 60
UMUR_LOKAL = 2.0
_lokal: dict = {}
_KOLOM_ATURAN = [f.attname for f in AturanTenggat._meta.concrete_fields]


def _muat_dari_db() -> dict:
    """Plain values rather than model instances, so an entry never depends on how a Django release
    pickles models."""
    kolom = {nama: i for i, nama in enumerate(_KOLOM_ATURAN)}
    return {
        "aturan": {
            (nilai[kolom["jenis_pemilihan"]], nilai[kolom["langkah"]]): nilai
            for nilai in AturanTenggat.objects.values_list(*_KOLOM_ATURAN)
        },
        "libur": frozenset(HariLibur.objects.values_list("tanggal", flat=True)),
    }


def _tabel() -> dict:
    """Both tables: this process's copy for UMUR_LOKAL seconds, else from the cache. A cache that is
    down costs two queries, not a failed report."""
    simpanan = _lokal.get("tabel")
    if simpanan is not None and simpanan[0] > time.monotonic():
        return simpanan[1]
    tabel = _tabel_bersama()
    _lokal["tabel"] = (time.monotonic() + UMUR_LOKAL, tabel)
    return tabel


def _tabel_bersama() -> dict:
    try:
        tabel = cache.get(KUNCI_CACHE)
    except Exception:
        logger.warning("Cache tenggat tidak terbaca; membaca dari database.", exc_info=True)
        return _muat_dari_db()
    if tabel is None:
        tabel = _muat_dari_db()
        try:
            cache.set(KUNCI_CACHE, tabel, UMUR_CACHE)
        except Exception:
            logger.warning("Cache tenggat tidak tertulis.", exc_info=True)
    return tabel


def hari_libur() -> frozenset[datetime.date]:
    return _tabel()["libur"]


def hari_kerja(tanggal: datetime.date, libur: frozenset[datetime.date] | None = None) -> bool:
    """Monday to Friday and not a HariLibur (national holiday or cuti bersama)."""
    return tanggal.weekday() < 5 and tanggal not in (hari_libur() if libur is None else libur)


def tambah_hari(mulai: datetime.date, jumlah: int, jenis_hari: str) -> datetime.date:
    """The date `jumlah` days after `mulai`, not counting `mulai` itself. In working days the result
    is always a working day; with `jumlah` 0 the start is returned as it is."""
    if jenis_hari == JenisHari.KALENDER:
        return mulai + datetime.timedelta(days=jumlah)
    libur = hari_libur()
    tanggal, sisa = mulai, jumlah
    while sisa > 0:
        tanggal += datetime.timedelta(days=1)
        if hari_kerja(tanggal, libur):
            sisa -= 1
    return tanggal


def aturan(jenis_pemilihan: str, langkah: str) -> AturanTenggat | None:
    nilai = _tabel()["aturan"].get((jenis_pemilihan, langkah))
    if nilai is None:
        return None
    return AturanTenggat.from_db(router.db_for_read(AturanTenggat), _KOLOM_ATURAN, nilai)


def tenggat_langkah(jenis_pemilihan: str, langkah: str, mulai: datetime.date) -> datetime.date | None:
    a = aturan(jenis_pemilihan, langkah)
    return tambah_hari(mulai, a.jumlah_hari, a.jenis_hari) if a else None


def batas_melapor(jenis_pemilihan: str, tanggal_diketahui: datetime.date) -> datetime.date | None:
    return tenggat_langkah(jenis_pemilihan, LangkahTenggat.PELAPORAN, tanggal_diketahui)


def perpanjang(jenis_pemilihan: str, langkah: str, tenggat_sekarang: datetime.date | None) -> datetime.date | None:
    """The extended deadline, or None when the rule allows no extension.

    `perpanjangan_hari` is read as the number of days *added* to the step, in the rule's own kind of
    day, counted from the current deadline: the seeded Pemilu handling rule (7 hari kerja, perpanjangan
    7) gives 14 working days after registration (UU 7/2017 Pasal 454 ayat (7)), the Pilkada one
    (3 hari kalender, perpanjangan 2) gives 5 days (UU 10/2016 Pasal 134). Because adding days is
    additive, counting from the current deadline equals counting jumlah + perpanjangan from the
    start. 0 means the step cannot be extended. The law allows one extension: the caller checks and
    sets `Pengaduan.tenggat_diperpanjang`.
    """
    a = aturan(jenis_pemilihan, langkah)
    if a is None or not a.perpanjangan_hari or tenggat_sekarang is None:
        return None
    return tambah_hari(tenggat_sekarang, a.perpanjangan_hari, a.jenis_hari)


def sisa_hari(tenggat: datetime.date | None, hari_ini: datetime.date | None = None) -> int | None:
    """Calendar days from today (Asia/Jakarta) to the deadline: 0 on the last day, negative once it
    has passed. Calendar days even for a working-day rule, since the deadline date already counts
    them and "3 hari lagi" on a screen reads as calendar days."""
    if tenggat is None:
        return None
    if hari_ini is None:
        hari_ini = timezone.localdate()
    return (tenggat - hari_ini).days


def hapus_cache() -> None:
    _lokal.clear()
    try:
        cache.delete(KUNCI_CACHE)
    except Exception:
        logger.warning("Cache tenggat tidak terhapus; berlaku sampai kedaluwarsa.", exc_info=True)


@receiver(post_save, sender=AturanTenggat, dispatch_uid="tenggat_aturan_disimpan")
@receiver(post_delete, sender=AturanTenggat, dispatch_uid="tenggat_aturan_dihapus")
@receiver(post_save, sender=HariLibur, dispatch_uid="tenggat_libur_disimpan")
@receiver(post_delete, sender=HariLibur, dispatch_uid="tenggat_libur_dihapus")
def _tabel_berubah(sender, **kwargs):
    # Dropped now, so this request and the admin's redirect see the change, and again after commit:
    # a request that read the old rows between the two would otherwise cache them until expiry.
    hapus_cache()
    transaction.on_commit(hapus_cache, using=kwargs.get("using"))


@receiver(post_migrate, dispatch_uid="tenggat_setelah_migrasi")
def _setelah_migrasi(sender, **kwargs):
    # Data migrations save through historical models, whose signals the receivers above do not hear.
    hapus_cache()
