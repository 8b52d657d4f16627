"""Agencies as data: the national bodies from a migration, every pemda from the region table."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from netralitas.akun.instansi import data_pemda, sinkronkan_instansi_pemda
from netralitas.akun.models import Instansi, JenisInstansi, Peran
from netralitas.wilayah.models import Tingkat, Wilayah
from tests.factories import buat_staf

pytestmark = pytest.mark.django_db


def test_bkn_aktif_dan_kasn_historis_dari_migrasi():
    bkn = Instansi.objects.get(jenis=JenisInstansi.BKN)
    assert (bkn.singkatan, bkn.aktif) == ("BKN", True)
    assert not Instansi.objects.get(jenis=JenisInstansi.KASN).aktif


def test_setiap_pemda_di_wilayah_yang_dimuat_punya_instansi():
    # The test database holds Jawa Timur (35) and Jawa Barat's Kota Bandung (32.73).
    pemda = Wilayah.objects.filter(tingkat__lte=Tingkat.KABUPATEN_KOTA)
    assert Instansi.objects.filter(wilayah__isnull=False).count() == pemda.count()
    malang = Instansi.objects.get(wilayah_id="35.07")
    assert (malang.nama, malang.ppk, malang.inspektorat, malang.jenis) == (
        "Pemerintah Kabupaten Malang",
        "Bupati Malang",
        "Inspektorat Kabupaten Malang",
        JenisInstansi.PEMDA_KABKOTA,
    )
    kota = Instansi.objects.get(wilayah_id="35.73")
    assert (kota.nama, kota.ppk) == ("Pemerintah Kota Malang", "Wali Kota Malang")
    jatim = Instansi.objects.get(wilayah_id="35")
    assert (jatim.nama, jatim.ppk, jatim.jenis) == (
        "Pemerintah Provinsi Jawa Timur",
        "Gubernur Jawa Timur",
        JenisInstansi.PEMDA_PROVINSI,
    )


def test_sinkron_idempoten_dan_tidak_menimpa_suntingan_staf():
    malang = Instansi.objects.get(wilayah_id="35.07")
    malang.email = "inspektorat@malangkab.go.id"
    malang.ppk = "Penjabat Bupati Malang"
    malang.save()
    assert sinkronkan_instansi_pemda() == 0
    call_command("load_wilayah", awalan="35", verbosity=0)
    malang.refresh_from_db()
    assert (malang.ppk, malang.email) == ("Penjabat Bupati Malang", "inspektorat@malangkab.go.id")


def test_kota_administrasi_jakarta_tanpa_instansi_sendiri_dan_nama_kembar_dibedakan():
    Wilayah.objects.create(kode="31", nama="Daerah Khusus Ibukota Jakarta", tingkat=Tingkat.PROVINSI)
    Wilayah.objects.create(kode="31.71", nama="Kota Administrasi Jakarta Pusat", tingkat=2, induk_id="31")
    Wilayah.objects.create(kode="36", nama="Banten", tingkat=Tingkat.PROVINSI)
    Wilayah.objects.create(kode="36.02", nama="Kabupaten Malang", tingkat=2, induk_id="36")  # not real: a clash
    assert sinkronkan_instansi_pemda() == 3
    assert not Instansi.objects.filter(wilayah_id="31.71").exists()
    assert Instansi.objects.get(wilayah_id="31").ppk == "Gubernur Daerah Khusus Ibukota Jakarta"
    assert Instansi.objects.get(wilayah_id="36.02").nama == "Pemerintah Kabupaten Malang (Banten)"


@pytest.mark.parametrize(
    "kode,nama,ppk",
    [
        ("35.07", "Kabupaten Malang", "Bupati Malang"),
        ("35.78", "Kota Surabaya", "Wali Kota Surabaya"),
        ("12.75", "Medan", "Wali Kota Medan"),  # a name without its prefix: the code says kota
        ("12.01", "Nias", "Bupati Nias"),
    ],
)
def test_ppk_kabupaten_atau_kota(kode, nama, ppk):
    assert data_pemda(Wilayah(kode=kode, nama=nama, tingkat=Tingkat.KABUPATEN_KOTA))["ppk"] == ppk


def test_admin_instansi_dapat_dicari_staf_dan_tidak_dapat_dihapus(client):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(staf)
    daftar = client.get(reverse("admin:akun_instansi_changelist"), {"q": "inspektorat kabupaten malang"})
    assert daftar.status_code == 200
    assert "Pemerintah Kabupaten Malang" in daftar.content.decode()
    ri = buat_staf(Peran.BAWASLU_RI, None)
    client.force_login(ri)
    pk = Instansi.objects.get(wilayah_id="35.07").pk
    assert client.post(reverse("admin:akun_instansi_delete", args=[pk]), {"post": "yes"}).status_code == 403
    assert Instansi.objects.filter(pk=pk).exists()


# --- Triage resolves the reporter's free text to an agency ----------------------------------------


def _halaman(p):
    return reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "instansi"])


def test_staf_menetapkan_instansi_terlapor_dengan_usulan_pemda_tempat_kejadian(client):
    from tests.factories import buat_pengaduan

    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    t = p.terlapor.get()
    client.force_login(staf)
    r = client.get(_halaman(p))
    assert r.status_code == 200
    malang = Instansi.objects.get(wilayah_id="35.07")
    assert r.context["form"][f"terlapor_{t.pk}"].value() == malang.pk
    assert "usulan: Pemerintah Kabupaten Malang" in r.content.decode()

    bkn = Instansi.objects.get(singkatan="BKN")
    r = client.post(_halaman(p), {"versi": p.versi, f"terlapor_{t.pk}": bkn.pk})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.instansi == bkn
    kasus = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "→ Badan Kepegawaian Negara" in kasus
    assert "Instansi terlapor ditetapkan" in kasus  # the internal note

    # Nothing changed: said, nothing written.
    p.refresh_from_db()
    r = client.post(_halaman(p), {"versi": p.versi, f"terlapor_{t.pk}": bkn.pk})
    assert r.status_code == 400 and "Tidak ada yang berubah." in r.content.decode()


def test_usulan_dari_nama_yang_ditulis_pelapor():
    from pengaduan.selectors import usul_instansi
    from tests.factories import buat_pengaduan

    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    t = p.terlapor.get()
    t.instansi_teks = "  bkn "
    assert usul_instansi(t, p).singkatan == "BKN"
    t.instansi_teks = "pemerintah kota malang"
    assert usul_instansi(t, p).wilayah_id == "35.73"
    t.instansi_teks = "Dinas yang tidak dikenal"
    assert usul_instansi(t, p).wilayah_id == "35.07"


def test_instansi_nonaktif_masukan_liar_versi_usang_dan_wilayah_lain_ditolak(client):
    from tests.factories import buat_pengaduan

    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    t = p.terlapor.get()
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    kasn = Instansi.objects.get(singkatan="KASN")
    for nilai in (kasn.pk, "abc", "999999", "<script>"):
        r = client.post(_halaman(p), {"versi": p.versi, f"terlapor_{t.pk}": nilai})
        assert r.status_code == 400, nilai
        t.refresh_from_db()
        assert t.instansi is None
    r = client.post(_halaman(p), {"versi": p.versi - 1 if p.versi > 1 else 99, f"terlapor_{t.pk}": ""})
    assert r.status_code == 400 and "baru saja diubah" in r.content.decode()

    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "32.73"))
    assert client.get(_halaman(p)).status_code == 404
    client.force_login(buat_staf(Peran.PEMDA, "35.07"))
    assert client.get(_halaman(p)).status_code == 404
