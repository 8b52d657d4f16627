"""Every write service holds its own transaction: a management command, a shell or a task calls it
outside any request, and on PostgreSQL a row lock outside a transaction is an error. (The test
suite's usual per-test transaction would hide that, so these tests commit for real.)"""

import pytest

from netralitas.akun.models import Instansi, Peran
from pengaduan.models import Status
from pengaduan.triase import services as triase
from tests.factories import bawa_ke_status, buat_pengaduan, buat_staf

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("_data_dasar")]


def test_layanan_triase_di_luar_transaksi():
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p, _ = buat_pengaduan()
    asli, _ = buat_pengaduan()
    malang = Instansi.objects.get(wilayah_id="35.07")
    triase.tetapkan_instansi(pengaduan=p, pilihan={t.pk: malang for t in p.terlapor.all()}, oleh=staf)
    triase.tugaskan(pengaduan=p, kepada=staf, oleh=staf)
    triase.tandai_duplikat(pengaduan=p, asli=asli, oleh=staf)
    triase.tambah_catatan(pengaduan=p, oleh=staf, teks="Catatan.")
    bawa_ke_status(p, Status.DIREGISTRASI)
    triase.perpanjang_tenggat(pengaduan=p, oleh=staf, alasan="Perlu waktu.")
    p.refresh_from_db()
    assert p.tenggat_diperpanjang and p.ditugaskan == staf and p.duplikat_dari == asli


def test_jalan_sampai_selesai_di_luar_transaksi():
    """Forwarded, examined, sanctioned, objected, decided: every door, each committing by itself."""
    p, _ = buat_pengaduan()
    for status in (Status.SANKSI_DIJATUHKAN, Status.KEBERATAN, Status.SELESAI):
        bawa_ke_status(p, status)
    assert p.status == Status.SELESAI
