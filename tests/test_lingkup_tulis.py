"""Writes outside the socialization register that take a region are checked against the writer's
scope too: an agency's pemda region, a case's hand-over target."""

import pytest
from django.urls import reverse

from netralitas.akun.models import Instansi, Peran
from pengaduan import transisi
from pengaduan.models import Pengaduan, Status, TingkatKantor
from tests.factories import buat_pengaduan, buat_staf

pytestmark = pytest.mark.django_db


def _instansi(wilayah, nama):
    return {
        "nama": nama,
        "singkatan": "",
        "jenis": "lainnya",
        "wilayah": wilayah,
        "ppk": "Camat",
        "inspektorat": "",
        "email": "",
        "aktif": "on",
    }


def test_instansi_di_wilayah_lain_ditolak_untuk_administrator_wilayah(client):
    client.force_login(buat_staf(Peran.ADMINISTRATOR, "35.07"))
    tambah = reverse("admin:akun_instansi_add")
    r = client.post(tambah, _instansi("32.73.01", "Kecamatan Sukasari"))
    assert r.status_code == 200
    isi = r.content.decode()
    assert "Wilayah ini di luar wilayah tugas Anda." in isi and "Kecamatan Sukasari" in isi  # entries kept
    assert not Instansi.objects.filter(nama="Kecamatan Sukasari").exists()
    assert client.post(tambah, _instansi("35.07.13", "Kecamatan Kepanjen")).status_code == 302

    client.force_login(buat_staf(Peran.ADMINISTRATOR, None))  # national
    assert client.post(tambah, _instansi("32.73.01", "Kecamatan Sukasari")).status_code == 302


def test_pelimpahan_ke_kantor_wilayah_lain_ditolak_dengan_pesan(client):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p, _ = buat_pengaduan()
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    p.refresh_from_db()
    client.force_login(staf)
    tindakan = reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "status"])
    for tingkat, kode in ((TingkatKantor.PANWASCAM, "32.73.01"), (TingkatKantor.PROVINSI, "32")):
        r = client.post(
            tindakan,
            {
                "versi": p.versi,
                "ke": Status.DILIMPAHKAN,
                "alasan": "Alasan pelimpahan yang diketik staf.",
                "kantor_tingkat_tujuan": tingkat,
                "kantor_tujuan": kode,
            },
        )
        assert r.status_code == 400, kode
        isi = r.content.decode()
        assert "Kantor tujuan harus" in isi and "Alasan pelimpahan yang diketik staf." in isi
    assert Pengaduan.objects.get(pk=p.pk).kantor_wilayah_id == "35.07"
