"""Migration 0018: the public notes written before the conversation existed become messages to the
reporter (one notion of it), the internal ones stay notes; and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from netralitas.akun.models import Peran
from tests.factories import buat_pengaduan, buat_staf

# Inside the test's transaction (PostgreSQL's DDL is transactional): a transactional test would
# empty every table the session loaded for the transactional tests that run after it.
pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

SEBELUM = [("pengaduan", "0017_pemberitahuan_status")]
SESUDAH = [("pengaduan", "0018_percakapan")]


def _migrasi(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_catatan_publik_menjadi_pesan_untuk_pelapor_dan_kembali():
    if connection.vendor != "postgresql":
        pytest.skip("Migrasi di dalam transaksi uji hanya di PostgreSQL (CI menjalankannya).")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    with connection.cursor() as c:
        # Foreign keys are checked at once, so no ALTER TABLE meets "pending trigger events".
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        apps = _migrasi(SEBELUM)
        Catatan = apps.get_model("pengaduan", "CatatanPengaduan")
        waktu = timezone.now() - timezone.timedelta(days=2)
        Catatan.objects.create(pengaduan_id=p.pk, penulis_id=staf.pk, teks="Untuk pelapor", publik=True, dibuat=waktu)
        Catatan.objects.create(pengaduan_id=p.pk, penulis_id=staf.pk, teks="Internal", publik=False)

        apps = _migrasi(SESUDAH)
        Pesan = apps.get_model("pengaduan", "Pesan")
        Catatan = apps.get_model("pengaduan", "CatatanPengaduan")
        pesan = Pesan.objects.get(pengaduan_id=p.pk)
        assert (pesan.arah, pesan.teks, pesan.penulis_id, pesan.dibuat) == (
            "kepada_pelapor",
            "Untuk pelapor",
            staf.pk,
            waktu,
        )
        assert list(Catatan.objects.filter(pengaduan_id=p.pk).values_list("teks", flat=True)) == ["Internal"]

        apps = _migrasi(SEBELUM)
        Catatan = apps.get_model("pengaduan", "CatatanPengaduan")
        assert set(Catatan.objects.filter(pengaduan_id=p.pk).values_list("teks", "publik")) == {
            ("Untuk pelapor", True),
            ("Internal", False),
        }
    finally:
        _migrasi(MigrationExecutor(connection).loader.graph.leaf_nodes())
