"""Staff in /admin/: each sees only their region; identity and evidence behind checked, audited views."""

import pytest
from django.urls import reverse

from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi, LogAudit
from tests.factories import NIK_SAH, buat_pengaduan, buat_staf, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasus_malang():
    p, _ = buat_pengaduan(wilayah="35.07.13.1007", unggahan=[jpeg(nama="bukti.jpg")])
    return p


@pytest.fixture
def kasus_bandung():
    p, _ = buat_pengaduan(wilayah="32.73.01.1001")
    return p


def ubah(p):
    return reverse("admin:pengaduan_pengaduan_change", args=[p.pk])


def unduh(p):
    return reverse("admin:pengaduan_bukti_unduh", args=[p.bukti.first().pk])


def identitas(p):
    return reverse("admin:pengaduan_pengaduan_identitas", args=[p.pk])


BERWENANG = [
    (Peran.BAWASLU_KABKOTA, "35.07"),
    (Peran.BAWASLU_PROVINSI, "35"),
    (Peran.BAWASLU_RI, None),
    # The kabupaten office handles it, and the Panwascam of the kecamatan where it happened sees it.
    (Peran.PANWASCAM, "35.07.13"),
]
TIDAK_BERWENANG = [
    (Peran.BAWASLU_KABKOTA, "32.73"),
    (Peran.BAWASLU_KABKOTA, "35.73"),
    (Peran.BAWASLU_PROVINSI, "32"),
    (Peran.PANWASCAM, "35.07.12"),  # another kecamatan of the same kabupaten
    (Peran.PENINJAU, "35.07"),
    (Peran.PEMDA, "35.07"),
    (Peran.BAWASLU_KABKOTA, None),  # a kabupaten role without a region sees nothing
]


@pytest.mark.parametrize("peran,wilayah", BERWENANG)
def test_staf_yang_cakupannya_meliputi_kasus_melihat_daftar_dan_halaman_kasus(
    client, kasus_malang, kasus_bandung, peran, wilayah
):
    client.force_login(buat_staf(peran, wilayah))
    daftar = client.get(reverse("admin:pengaduan_pengaduan_changelist"))
    assert daftar.status_code == 200
    terlihat = {p.pk for p in daftar.context["cl"].result_list}
    assert kasus_malang.pk in terlihat
    assert (kasus_bandung.pk in terlihat) == (wilayah is None)
    assert client.get(ubah(kasus_malang)).status_code == 200
    r = client.get(unduh(kasus_malang))
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.parametrize("peran,wilayah", TIDAK_BERWENANG)
def test_staf_wilayah_atau_peran_lain_mendapat_404_di_setiap_permukaan(client, kasus_malang, peran, wilayah):
    client.force_login(buat_staf(peran, wilayah))
    daftar = client.get(reverse("admin:pengaduan_pengaduan_changelist"))
    if daftar.status_code == 200:
        assert kasus_malang.pk not in {p.pk for p in daftar.context["cl"].result_list}
    else:
        assert daftar.status_code == 403
    assert client.get(ubah(kasus_malang)).status_code == 404
    assert client.get(unduh(kasus_malang)).status_code == 404
    assert client.get(identitas(kasus_malang)).status_code == 404
    assert not LogAudit.objects.exists()


def test_pengunjung_tanpa_login_tidak_dapat_mengunduh_bukti(client, kasus_malang):
    r = client.get(unduh(kasus_malang))
    assert r.status_code == 302 and "/admin/login/" in r["Location"]


def test_melihat_identitas_tidak_rahasia_tercatat_di_log_audit(client, kasus_malang):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(staf)
    assert NIK_SAH.encode() not in client.get(ubah(kasus_malang)).content
    r = client.get(identitas(kasus_malang))
    assert r.status_code == 200
    assert NIK_SAH.encode() in r.content
    log = LogAudit.objects.get()
    assert (log.aktor, log.aksi, log.pengaduan_id) == (staf, Aksi.LIHAT_IDENTITAS, kasus_malang.pk)


def test_identitas_rahasia_perlu_izin_khusus(client):
    p, _ = buat_pengaduan(rahasia=True)
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert client.get(identitas(p)).status_code == 404
    assert "tidak berwenang" in client.get(ubah(p)).content.decode()
    client.force_login(buat_staf(Peran.BAWASLU_PROVINSI, "35"))  # the group holds the permission
    assert client.get(identitas(p)).status_code == 200
    assert LogAudit.objects.filter(aksi=Aksi.LIHAT_IDENTITAS).count() == 1


def test_unduh_bukti_tercatat_di_log_audit(client, kasus_malang):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    client.get(unduh(kasus_malang))
    assert LogAudit.objects.get().aksi == Aksi.UNDUH_BUKTI


def test_status_dan_isi_laporan_hanya_baca_di_admin(client, kasus_malang):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    client.post(ubah(kasus_malang), {"status": "selesai", "kronologi": "diubah"})
    kasus_malang.refresh_from_db()
    assert kasus_malang.status == "diajukan"
    assert kasus_malang.kronologi != "diubah"


def test_teks_berisi_script_ter_escape_di_admin(client):
    p, _ = buat_pengaduan(kronologi="<script>alert('admin')</script> kronologi panjang sekali")
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    halaman = client.get(ubah(p)).content.decode()
    assert "<script>alert('admin')</script>" not in halaman


def test_wilayah_hanya_baca_di_admin(client, admin_client):
    r = admin_client.get(reverse("admin:wilayah_wilayah_change", args=["35.07"]))
    assert r.status_code == 200
    assert b'name="nama"' not in r.content
    assert admin_client.get(reverse("admin:wilayah_wilayah_add")).status_code == 403


def test_daftar_kasus_tidak_menambah_kueri_seiring_jumlah_baris(client, django_assert_max_num_queries):
    for _ in range(3):
        buat_pengaduan()
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    with django_assert_max_num_queries(12):
        client.get(reverse("admin:pengaduan_pengaduan_changelist"))
    for _ in range(10):
        buat_pengaduan()
    with django_assert_max_num_queries(12):
        assert len(client.get(reverse("admin:pengaduan_pengaduan_changelist")).context["cl"].result_list) == 13
