"""/statistik/ counts the imbauan register's letters and posts beside the reports per region, as
they are (they are about the authorities' own public work, listed one by one on /sosialisasi/), and
the auditor of the small-count promise still passes with them on every page."""

import datetime

from django.utils import timezone

from netralitas.statistik import hitung as statistik
from sosialisasi.models import SuratImbauan, UnggahanMedsos
from tests.factories import pdf
from tests.statistik.test_audit_statistik import CONTOH, audit, kumpulkan, tanam, tersempit

KEMARIN = timezone.localdate() - datetime.timedelta(days=1)


def surat(wilayah, tanggal=KEMARIN):
    s = SuratImbauan(nomor="001", tanggal=tanggal, wilayah_id=wilayah, penerima_lain="Kepala OPD")
    s.berkas.save("s.pdf", pdf(), save=False)
    s.save()


def unggahan(wilayah, tanggal=KEMARIN):
    UnggahanMedsos.objects.create(platform="instagram", tautan="https://x.id/p", tanggal=tanggal, wilayah_id=wilayah)


def _kolom(tabel, kode, judul):
    baris = tabel.jumlah if kode == "jumlah" else next(b for b in tabel.baris if b.kode == kode)
    return baris.sel[statistik.KOLOM_WILAYAH.index(judul)]


def test_surat_dan_unggahan_dihitung_per_wilayah_tanpa_penyamaran(db):
    surat("35.07")
    surat("35.07.13.2001")
    surat("35")  # the province's own letter: a row of its own on the province page
    surat("35.11", tanggal=KEMARIN + datetime.timedelta(days=30))  # dated ahead: not counted yet
    unggahan("35.07.13")
    semua = statistik.susun_semua(statistik.baca_bahan())
    nasional = semua[""].tabel_dengan("wilayah")
    assert _kolom(nasional, "35", "Surat imbauan").teks == "3"  # 1-4 shown as they are
    assert _kolom(nasional, "jumlah", "Surat imbauan").angka == 3
    jatim = semua["35"].tabel_dengan("wilayah")
    assert _kolom(jatim, "35.07", "Surat imbauan").angka == 2
    assert _kolom(jatim, "35", "Surat imbauan").angka == 1
    assert _kolom(jatim, "35.11", "Surat imbauan").angka == 0
    assert _kolom(jatim, "35.07", "Unggahan media sosial").angka == 1
    assert _kolom(jatim, "jumlah", "Unggahan media sosial").angka == 1
    assert any(t == "Surat imbauan" for t, _, _ in statistik.definisi())


def test_audit_tetap_lulus_dengan_angka_pencegahan(client, db):
    tanam(CONTOH)
    for w in ("35.07", "35.07.13", "35", "32.73", "35.73"):
        surat(w)
    unggahan("35.78")
    statistik.perbarui()
    t = kumpulkan(client)
    assert t.teks[("35.07", "surat")] == "2" and t.teks[("", "surat")] == "5"
    assert t.teks[("35*", "surat")] == "1"
    hasil = audit(t)
    assert hasil.interval and not hasil.gagal, (tersempit(hasil), hasil.gagal[:10])
