import csv
import functools
import io
from collections import OrderedDict

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


# Each process also keeps the lists it read, under the version they were read at: a report form
# reads four of them, and fetching and unpickling them from the shared cache was about 6 % of
# filing a report. A list never changes under its version (a reload raises the version), and no
# caller changes one: each builds its own choices from it.
ANAK_LOKAL_MAKS = 4096
_anak_lokal: OrderedDict[tuple[int, str | None], list] = OrderedDict()


def anak_wilayah_banyak(induk_kode: list[str | None]) -> dict:
    """`anak_wilayah` of several nodes with at most one cache round trip (the report form's four
    levels): from this process's copy, else the shared cache, else the database."""
    versi = versi_wilayah()
    hasil = {}
    for induk in induk_kode:
        anak = _anak_lokal.get((versi, induk))
        if anak is not None:
            _anak_lokal.move_to_end((versi, induk))
            hasil[induk] = anak
    kurang = [induk for induk in induk_kode if induk not in hasil]
    if not kurang:
        return hasil
    kunci = {induk: f"wilayah:anak:{versi}:{induk or ''}" for induk in kurang}
    simpanan = cache.get_many(list(kunci.values()))
    baru = {}
    for induk, k in kunci.items():
        anak = simpanan.get(k)
        if anak is None:
            qs = Wilayah.objects.filter(induk_id=induk) if induk else Wilayah.objects.filter(tingkat=Tingkat.PROVINSI)
            anak = baru[k] = [tuple(a) for a in qs.order_by("nama").values_list("kode", "nama")]
        hasil[induk] = _anak_lokal[(versi, induk)] = anak
    while len(_anak_lokal) > ANAK_LOKAL_MAKS:
        _anak_lokal.popitem(last=False)
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
