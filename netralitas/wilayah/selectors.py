import csv
import functools
import io

from django.core.cache import cache

from netralitas import versi_cache

from . import sumber
from .models import Tingkat, Wilayah

KUNCI_VERSI = "wilayah:versi"


def versi_wilayah() -> int:
    return versi_cache.versi(KUNCI_VERSI)


def wilayah_berubah() -> None:
    """Called by load_wilayah after a change: every process's cached children go stale at once."""
    versi_cache.naikkan(KUNCI_VERSI)


def anak_wilayah(*, induk_kode: str | None):
    """Children of one node (provinces when no parent), ordered by name, as (kode, nama) pairs.
    Cached: the region table changes once a year, and every report form reads four levels of it."""
    return anak_wilayah_banyak([induk_kode])[induk_kode]


def anak_wilayah_banyak(induk_kode: list[str | None]) -> dict:
    """`anak_wilayah` of several nodes with one cache round trip (the report form's four levels)."""
    versi = versi_wilayah()
    kunci = {induk: f"wilayah:anak:{versi}:{induk or ''}" for induk in induk_kode}
    simpanan = cache.get_many(list(kunci.values()))
    hasil, baru = {}, {}
    for induk, k in kunci.items():
        anak = simpanan.get(k)
        if anak is None:
            qs = Wilayah.objects.filter(induk_id=induk) if induk else Wilayah.objects.filter(tingkat=Tingkat.PROVINSI)
            anak = baru[k] = [tuple(a) for a in qs.order_by("nama").values_list("kode", "nama")]
        hasil[induk] = anak
    if baru:
        cache.set_many(baru, timeout=24 * 3600)
    return hasil


def rantai_wilayah(kode: str) -> dict[int, str]:
    """{tingkat: kode} for a node and its ancestors, read off the dotted code itself."""
    bagian = kode.split(".")
    return {i + 1: ".".join(bagian[: i + 1]) for i in range(len(bagian))}


@functools.cache
def kode_provinsi_resmi() -> frozenset[str]:
    """The 38 province codes from the shipped official data (NIK's first two digits use them)."""
    teks = sumber.baca(sumber.DATA_DIR, "provinces.csv")
    return frozenset(r["code"] for r in csv.DictReader(io.StringIO(teks)))
