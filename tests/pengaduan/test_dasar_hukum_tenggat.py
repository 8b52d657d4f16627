"""The deadline rules cite the articles that set them, and a span no regulation sets is labelled the
office's own policy, editable by administrators and shown so wherever staff see the deadline.

The expected values are this project's own copy (from the research on UU 7/2017 Pasal 454, UU 1/2015
jo. UU 10/2016 Pasal 134, Perbawaslu 7/2022 and Perbawaslu 8/2020 as amended by Perbawaslu 9/2024)."""

import pytest
from django.urls import reverse

from netralitas.akun.models import Peran
from pengaduan import tenggat
from pengaduan.models import AturanTenggat, LangkahTenggat, Status
from tests.factories import bawa_ke_status, buat_pengaduan, buat_peninjau, buat_staf

pytestmark = pytest.mark.django_db

PILKADA_PERBAWASLU = "Perbawaslu 8/2020 sebagaimana diubah dengan Perbawaslu 9/2024"
# (jenis, langkah): (jumlah_hari, jenis_hari, perpanjangan_hari, dasar_hukum, kebijakan_kantor)
ATURAN = {
    ("pemilu", "pelaporan"): (7, "kerja", 0, "UU 7/2017 Pasal 454 ayat (6); Perbawaslu 7/2022 Pasal 8 ayat (3)", False),
    ("pemilu", "kajian_awal"): (2, "kerja", 0, "Perbawaslu 7/2022 Pasal 15 ayat (1)", False),
    ("pemilu", "pemberitahuan_perbaikan"): (
        1,
        "kerja",
        0,
        "Perbawaslu 7/2022 (pemberitahuan hasil kajian awal kepada pelapor)",
        False,
    ),
    ("pemilu", "perbaikan"): (3, "kerja", 0, "Perbawaslu 7/2022 (jangka waktu melengkapi laporan)", False),
    ("pemilu", "penanganan"): (7, "kerja", 7, "UU 7/2017 Pasal 454 ayat (7) dan ayat (8)", False),
    ("pemilu", "temuan"): (7, "kerja", 0, "UU 7/2017 Pasal 454 ayat (5)", False),
    ("pilkada", "pelaporan"): (
        7,
        "kalender",
        0,
        f"UU 1/2015 jo. UU 10/2016 Pasal 134 ayat (4); {PILKADA_PERBAWASLU}",
        False,
    ),
    ("pilkada", "kajian_awal"): (2, "kalender", 0, PILKADA_PERBAWASLU, False),
    ("pilkada", "pemberitahuan_perbaikan"): (1, "kalender", 0, PILKADA_PERBAWASLU, False),
    ("pilkada", "perbaikan"): (3, "kalender", 0, PILKADA_PERBAWASLU, False),
    ("pilkada", "penanganan"): (
        3,
        "kalender",
        2,
        f"UU 1/2015 jo. UU 10/2016 Pasal 134 ayat (5) dan ayat (6); {PILKADA_PERBAWASLU}",
        False,
    ),
    ("pilkada", "temuan"): (
        7,
        "kalender",
        0,
        f"UU 1/2015 jo. UU 10/2016 Pasal 134 ayat (4); {PILKADA_PERBAWASLU}",
        False,
    ),
}
KEBIJAKAN = "Kebijakan kantor: tidak ada peraturan yang menetapkan jangka waktu tindak lanjut rekomendasi oleh instansi (SKB 2022 tidak memuatnya)"
for _jenis in ("pemilu", "pilkada"):
    ATURAN[(_jenis, "tindak_lanjut")] = (14, "kerja", 0, KEBIJAKAN, True)


def test_setiap_aturan_menyebut_dasar_hukumnya_sesuai_salinan_proyek():
    ada = {
        (a.jenis_pemilihan, a.langkah): (
            a.jumlah_hari,
            a.jenis_hari,
            a.perpanjangan_hari,
            a.dasar_hukum,
            a.kebijakan_kantor,
        )
        for a in AturanTenggat.objects.all()
    }
    assert ada == ATURAN
    # Every step has a rule for both election types.
    assert {langkah for _, langkah in ada} == set(LangkahTenggat.values)


def test_tidak_ada_lagi_kutipan_pasal_454_ayat_yang_keliru():
    pemilu = {a.langkah: a.dasar_hukum for a in AturanTenggat.objects.filter(jenis_pemilihan="pemilu")}
    assert "ayat (5)" not in pemilu["pelaporan"] and "ayat (6)" in pemilu["pelaporan"]
    assert "ayat (7)" in pemilu["penanganan"] and "ayat (8)" in pemilu["penanganan"]
    assert pemilu["temuan"].endswith("ayat (5)")
    for a in AturanTenggat.objects.filter(jenis_pemilihan="pilkada").exclude(langkah="tindak_lanjut"):
        assert PILKADA_PERBAWASLU in a.dasar_hukum, a.langkah


def test_daftar_aturan_di_admin_menandai_kebijakan_kantor(client):
    client.force_login(buat_staf(Peran.ADMINISTRATOR))
    html = client.get(reverse("admin:pengaduan_aturantenggat_changelist")).content.decode()
    assert html.count("Kebijakan kantor") >= 2  # the two tindak lanjut rows (and the filter)
    assert "Ketentuan peraturan" in html
    assert "UU 7/2017 Pasal 454 ayat (7) dan ayat (8)" in html


def _data(a, **ubah):
    d = {
        "jenis_pemilihan": a.jenis_pemilihan,
        "langkah": a.langkah,
        "jumlah_hari": a.jumlah_hari,
        "jenis_hari": a.jenis_hari,
        "perpanjangan_hari": a.perpanjangan_hari,
        "dasar_hukum": a.dasar_hukum,
        "_save": "Simpan",
    }
    if a.kebijakan_kantor:
        d["kebijakan_kantor"] = "on"
    d.update(ubah)
    return {k: v for k, v in d.items() if v is not None}


def test_administrator_mengubah_kebijakan_kantor_dan_berlaku_berikutnya(client):
    a = AturanTenggat.objects.get(jenis_pemilihan="pemilu", langkah="tindak_lanjut")
    client.force_login(buat_staf(Peran.ADMINISTRATOR))
    r = client.post(reverse("admin:pengaduan_aturantenggat_change", args=[a.pk]), _data(a, jumlah_hari=10))
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.jumlah_hari == 10 and a.kebijakan_kantor
    assert tenggat.aturan("pemilu", "tindak_lanjut").jumlah_hari == 10
    # An article found later: the row stops being the office's policy.
    r = client.post(
        reverse("admin:pengaduan_aturantenggat_change", args=[a.pk]),
        _data(a, dasar_hukum="Peraturan BKN (contoh)", kebijakan_kantor=None),
    )
    assert r.status_code == 302
    assert not tenggat.aturan("pemilu", "tindak_lanjut").kebijakan_kantor


@pytest.mark.parametrize("peran,wilayah", [(Peran.BAWASLU_KABKOTA, "35.07"), (Peran.PEMDA, "35.07")])
def test_selain_administrator_dan_bawaslu_ri_tidak_mengubah_aturan(client, peran, wilayah):
    a = AturanTenggat.objects.get(jenis_pemilihan="pemilu", langkah="tindak_lanjut")
    client.force_login(buat_staf(peran, wilayah))
    r = client.post(reverse("admin:pengaduan_aturantenggat_change", args=[a.pk]), _data(a, jumlah_hari=1))
    assert r.status_code in (403, 404)
    a.refresh_from_db()
    assert a.jumlah_hari == 14


def test_tenggat_kebijakan_kantor_berlabel_bagi_petugas(client):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    p = bawa_ke_status(p, Status.DITERUSKAN)
    c = client
    c.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    html = c.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert 'id="langkah-tenggat"' in html and "kebijakan kantor" in html
    lst = c.get(reverse("admin:pengaduan_pengaduan_changelist")).content.decode()
    assert "kebijakan kantor" in lst
    # A step set by law names its article instead.
    q, _ = buat_pengaduan(wilayah="35.07.13.1007", jenis_pemilihan="pemilu")
    q = bawa_ke_status(q, Status.KLARIFIKASI)
    html = c.get(reverse("admin:pengaduan_pengaduan_change", args=[q.pk])).content.decode()
    assert "UU 7/2017 Pasal 454 ayat (7) dan ayat (8)" in html


def test_peninjau_instansi_membaca_tenggat_sebagai_kebijakan_kantor(client):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    p = bawa_ke_status(p, Status.DITERUSKAN)
    client.force_login(buat_peninjau(p.rekomendasi.instansi.first()))
    html = client.get(reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk])).content.decode()
    assert 'id="tenggat-kebijakan-kantor"' in html
