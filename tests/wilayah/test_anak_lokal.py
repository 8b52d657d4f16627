"""The region lists a form reads come from the process's own copy after the first read, and a
region reload (a new version) is seen at once by the process that made it and, within the
version's local lifetime, by every other."""

import pytest
from django.core.cache import cache

from netralitas.wilayah import selectors
from netralitas.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db

KECAMATAN = "35.07.13"


def test_daftar_kedua_tanpa_bertanya_ke_cache(monkeypatch):
    pertama = selectors.anak_wilayah_banyak([None, "35", "35.07", KECAMATAN])
    assert pertama[KECAMATAN] and pertama[None]
    ditanya = []

    class CacheDiamati:
        def __getattr__(self, nama):
            return getattr(cache, nama)

        def get_many(self, kunci):
            ditanya.append(kunci)
            return cache.get_many(kunci)

    monkeypatch.setattr(selectors, "cache", CacheDiamati())
    kedua = selectors.anak_wilayah_banyak([None, "35", "35.07", KECAMATAN])
    assert kedua == pertama and ditanya == []
    # A node not read yet: only that one is asked for.
    selectors.anak_wilayah_banyak([KECAMATAN, "35.08"])
    assert ditanya == [[f"wilayah:anak:{selectors.versi_wilayah()}:35.08"]]


def test_versi_baru_membaca_ulang(monkeypatch):
    lama = dict(selectors.anak_wilayah(induk_kode=KECAMATAN))
    Wilayah.objects.create(kode=f"{KECAMATAN}.9999", nama="Desa Baru Dimuat", tingkat=Tingkat.DESA, induk_id=KECAMATAN)
    assert f"{KECAMATAN}.9999" not in lama
    selectors.wilayah_berubah()  # what load_wilayah does after a change
    assert dict(selectors.anak_wilayah(induk_kode=KECAMATAN))[f"{KECAMATAN}.9999"] == "Desa Baru Dimuat"


def test_salinan_proses_terbatas(monkeypatch):
    monkeypatch.setattr(selectors, "ANAK_LOKAL_MAKS", 3)
    selectors.anak_wilayah_banyak([None, "35", "35.07", KECAMATAN, "35.08"])
    assert len(selectors._anak_lokal) == 3
    assert (selectors.versi_wilayah(), "35.08") in selectors._anak_lokal
