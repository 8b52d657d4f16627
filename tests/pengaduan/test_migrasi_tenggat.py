"""Migration 0020: the rules' citations are corrected without touching the day counts an
administrator set, the new notice step is seeded for both election types, cases withdrawn before it
are flagged withdrawn, and open completion requests count as told at the time of the request."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from netralitas.akun.models import Peran
from pengaduan import transisi
from pengaduan.models import Status
from pengaduan.pelaporan import services as pelaporan
from tests.factories import bawa_ke_status, buat_pengaduan

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

SEBELUM = [("pengaduan", "0019_tabel_sanksi_kategori")]
SESUDAH = [("pengaduan", "0020_tenggat_dasar_hukum")]


def _migrasi(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_kutipan_dibetulkan_hari_tetap_dan_kasus_lama_diisi():
    if connection.vendor != "postgresql":
        pytest.skip("Migrasi di dalam transaksi uji hanya di PostgreSQL (CI menjalankannya).")
    dicabut, _ = buat_pengaduan(wilayah="35.07.13.1007")
    pelaporan.cabut_pengaduan(pengaduan=dicabut)
    perbaikan, _ = buat_pengaduan(wilayah="35.07.13.1007")
    perbaikan = bawa_ke_status(perbaikan, Status.KAJIAN_AWAL)
    transisi.ubah_status(
        pengaduan=perbaikan, ke=Status.PERLU_PERBAIKAN, peran=Peran.BAWASLU_KABKOTA, pesan_pelapor="Lengkapi."
    )
    diminta = perbaikan.peristiwa.last().waktu
    with connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        apps = _migrasi(SEBELUM)
        Aturan = apps.get_model("pengaduan", "AturanTenggat")
        Aturan.objects.filter(jenis_pemilihan="pemilu", langkah="penanganan").update(
            jumlah_hari=9, dasar_hukum="UU 7/2017 Pasal 454 ayat (6)-(7)"
        )
        apps = _migrasi(SESUDAH)
        Aturan = apps.get_model("pengaduan", "AturanTenggat")
        Pengaduan = apps.get_model("pengaduan", "Pengaduan")
        a = Aturan.objects.get(jenis_pemilihan="pemilu", langkah="penanganan")
        assert (a.jumlah_hari, a.dasar_hukum) == (9, "UU 7/2017 Pasal 454 ayat (7) dan ayat (8)")
        assert Aturan.objects.filter(langkah="pemberitahuan_perbaikan").count() == 2
        assert set(Aturan.objects.filter(kebijakan_kantor=True).values_list("langkah", flat=True)) == {"tindak_lanjut"}
        assert Pengaduan.objects.get(pk=dicabut.pk).dicabut_pelapor
        q = Pengaduan.objects.get(pk=perbaikan.pk)
        assert (q.perbaikan_diberitahu, q.cara_pemberitahuan_perbaikan) == (diminta, "email_sistem")
    finally:
        _migrasi(MigrationExecutor(connection).loader.graph.leaf_nodes())
