"""The beat's orphan sweep moves files no row names into the quarantine and never deletes them; the
quarantine keeps them KARANTINA_HARI days, and gives a file back when a row names it again."""

import hashlib
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from netralitas.cadangan import karantina
from pengaduan import bukti, tasks
from pengaduan.models import Rekomendasi, Sanksi, Status
from tests.factories import PDF_MINIMAL, bawa_ke_status, buat_pengaduan, jpeg, majukan_waktu

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasus(penyimpanan):
    """A sanctioned case: evidence, its stripped copy, the recommendation letter and the SK on disk."""
    penyimpanan("berkas")
    p, _ = buat_pengaduan(unggahan=[jpeg()])
    return bawa_ke_status(p, Status.SANKSI_DIJATUHKAN)


def _sha(nama: str) -> str:
    with default_storage.open(nama, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_berkas_yatim_dikarantina_bukan_dihapus(kasus, monkeypatch, caplog):
    surat = Rekomendasi.objects.get(pengaduan=kasus).surat.name
    sk = Sanksi.objects.get(pengaduan=kasus).dokumen_sk.name
    yatim = default_storage.save("sk/2026/11/yatim.pdf", ContentFile(PDF_MINIMAL))
    isi = _sha(yatim)
    assert bukti.bersihkan_berkas_yatim() == 0  # younger than a day: a form may still be saving it

    majukan_waktu(monkeypatch, 2)
    with caplog.at_level(logging.WARNING, logger="netralitas.cadangan.karantina"):
        hasil = tasks.bersihkan_unggahan_sementara()
    hari = timezone.localdate().isoformat()
    assert hasil["yatim_dikarantina"] == 1 and hasil["karantina_dihapus"] == 0
    assert not default_storage.exists(yatim)
    assert _sha(f"karantina/{hari}/{yatim}") == isi
    assert default_storage.exists(surat) and default_storage.exists(sk)
    assert any(yatim in r.getMessage() and "karantina" in r.getMessage() for r in caplog.records)
    assert karantina.ringkasan() == {"berkas": 1, "byte": len(PDF_MINIMAL), "hari_tertua": hari}
    # The quarantine is not swept again, and nothing a row names is ever moved.
    assert tasks.bersihkan_unggahan_sementara()["yatim_dikarantina"] == 0


def test_karantina_dihapus_setelah_karantina_hari_dan_tidak_sebelumnya(kasus, monkeypatch, settings):
    settings.KARANTINA_HARI = 30
    yatim = default_storage.save("rekomendasi/2026/11/yatim.pdf", ContentFile(PDF_MINIMAL))
    kembali = majukan_waktu(monkeypatch, 2)
    assert bukti.bersihkan_berkas_yatim() == 1
    hari = timezone.localdate().isoformat()
    kembali()

    kembali = majukan_waktu(monkeypatch, 2 + 30)
    assert karantina.rawat() == {"karantina_dikembalikan": 0, "karantina_dihapus": 0}
    assert default_storage.exists(f"karantina/{hari}/{yatim}")
    kembali()

    majukan_waktu(monkeypatch, 2 + 31)
    assert karantina.rawat() == {"karantina_dikembalikan": 0, "karantina_dihapus": 1}
    assert not default_storage.exists(f"karantina/{hari}/{yatim}")
    assert not default_storage.exists(f"karantina/{hari}")  # the empty day folder goes too
    assert default_storage.exists(Sanksi.objects.get(pengaduan=kasus).dokumen_sk.name)


def test_berkas_karantina_kembali_ke_tempatnya_bila_dirujuk_lagi(kasus):
    """A newer SK quarantined after an older database was restored, then a database that names it
    again: the upkeep puts it back where the row looks for it."""
    sk = Sanksi.objects.get(pengaduan=kasus).dokumen_sk.name
    isi = _sha(sk)
    dikarantina = karantina.karantinakan(sk, alasan="uji")
    assert not default_storage.exists(sk) and default_storage.exists(dikarantina)
    assert karantina.rawat() == {"karantina_dikembalikan": 1, "karantina_dihapus": 0}
    assert _sha(sk) == isi and not default_storage.exists(dikarantina)


def test_folder_karantina_yang_bukan_tanggal_dibiarkan(kasus, monkeypatch, caplog):
    nama = default_storage.save("karantina/simpan-manual/a.pdf", ContentFile(PDF_MINIMAL))
    majukan_waktu(monkeypatch, 400)
    with caplog.at_level(logging.WARNING, logger="netralitas.cadangan.karantina"):
        assert karantina.rawat()["karantina_dihapus"] == 0
    assert default_storage.exists(nama)
    assert any("simpan-manual" in r.getMessage() for r in caplog.records)
