"""Migration 0019: the seeded categories take their SKB 2022 Lampiran II rows; a recorded dismissal
for party membership moves to its own tier with its legal basis as it was stored; each recorded
sanction keeps its terlapor's employee type; and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from netralitas.akun.models import Instansi, Peran
from tests.factories import buat_pengaduan, buat_staf

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

SEBELUM = [("pengaduan", "0018_percakapan")]
SESUDAH = [("pengaduan", "0019_tabel_sanksi_kategori")]


def _migrasi(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_sanksi_tercatat_tetap_sah_dan_kategori_mengikuti_tabel():
    if connection.vendor != "postgresql":
        pytest.skip("Migrasi di dalam transaksi uji hanya di PostgreSQL (CI menjalankannya).")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    instansi = Instansi.objects.get(wilayah_id="35.07")
    with connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        apps = _migrasi(SEBELUM)
        Sanksi = apps.get_model("pengaduan", "Sanksi")
        Kategori = apps.get_model("pengaduan", "KategoriPelanggaran")
        Kategori.objects.filter(kode="alat-peraga").update(jalur_disiplin=False)
        s = Sanksi.objects.create(
            pengaduan_id=p.pk,
            terlapor_id=p.terlapor.get().pk,
            instansi_id=instansi.pk,
            jalur="disiplin",
            tingkat="berat",
            jenis="ptdh",
            nomor_sk="800/9/2026",
            tanggal_sk=timezone.localdate(),
            pejabat="Bupati",
            dasar_hukum="UU 20/2023 tentang ASN jo. PP 11/2017",
            dokumen_sk="sk/lama.pdf",
            sha256_sk="0" * 64,
            dicatat_oleh_id=staf.pk,
        )

        apps = _migrasi(SESUDAH)
        Sanksi = apps.get_model("pengaduan", "Sanksi")
        Kategori = apps.get_model("pengaduan", "KategoriPelanggaran")
        baru = Sanksi.objects.get(pk=s.pk)
        assert (baru.tingkat, baru.jenis, baru.dasar_hukum, baru.jenis_asn) == (
            "ptdh",
            "ptdh",
            "UU 20/2023 tentang ASN jo. PP 11/2017",
            "pns",
        )
        apk = Kategori.objects.get(kode="alat-peraga")
        assert (apk.kode_skb, apk.jalur_etik, apk.tingkat_disiplin) == ("APK", True, "berat")

        apps = _migrasi(SEBELUM)
        Sanksi = apps.get_model("pengaduan", "Sanksi")
        Kategori = apps.get_model("pengaduan", "KategoriPelanggaran")
        assert Sanksi.objects.get(pk=s.pk).tingkat == "berat"
        assert Kategori.objects.get(kode="alat-peraga").jalur_disiplin is True
        assert Kategori.objects.get(kode="kampanye-pasangan").jalur_disiplin is False
    finally:
        _migrasi(MigrationExecutor(connection).loader.graph.leaf_nodes())
