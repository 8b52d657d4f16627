"""The law as data: each violation category carries its row of SKB 2022 Lampiran II (code, ethics
list, discipline tier), forwarding suggests the track from it, a sanction whose tier does not match
is recorded with a warning that names the legal basis, and the sanction form offers and accepts only
what the terlapor's employee type (PNS: PP 94/2021; PPPK: PP 49/2018) and the recommendation allow."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Instansi, Peran
from pengaduan import sanksi as tabel_sanksi
from pengaduan import transisi
from pengaduan.models import KategoriPelanggaran, Sanksi, Status
from pengaduan.tindak_lanjut import services as tindak_lanjut
from tests.factories import NIP_PNS_SAH, buat_pengaduan, buat_peninjau, buat_staf, data_rekomendasi, pdf_halaman

pytestmark = pytest.mark.django_db

# The project's own copy of DOMAIN.md §1 (SKB 2022 Lampiran II), row by row:
# (kode, kode SKB, daftar kode etik, tingkat disiplin, tingkat menurut sumber/keadaan lain).
TABEL_SKB = [
    ("alat-peraga", "APK", True, "berat", ""),
    ("kampanye-media-sosial", "MEDSOS_KAMPANYE", True, "berat", ""),
    ("interaksi-media-sosial", "MEDSOS_INTERAKSI", True, "berat", ""),
    ("foto-bersama", "FOTO_BERSAMA", True, "berat", ""),
    ("menghadiri-deklarasi", "HADIR_DEKLARASI", True, "berat", ""),
    ("kampanye-bakal-calon", "IKUT_KAMPANYE", True, "berat", ""),
    ("kampanye-pasangan", "DEKLARASI_PASANGAN", True, "", ""),
    ("pendekatan-parpol", "PENDEKATAN_PARPOL", False, "sedang", ""),
    ("anggota-parpol", "ANGGOTA_PARPOL", False, "ptdh", ""),
    ("kegiatan-keberpihakan", "KEGIATAN_KEBERPIHAKAN", False, "berat", "sedang"),
    ("tim-pemenangan", "TIM_PEMENANGAN", False, "sedang", "berat"),
    ("dukungan-ktp", "DUKUNGAN_KTP", False, "berat", ""),
    ("keputusan-menguntungkan", "KEPUTUSAN_MENGUNTUNGKAN", False, "berat", ""),
    ("fasilitas-negara", "FASILITAS_NEGARA", False, "berat", ""),
    ("lainnya", "LAINNYA", True, "", ""),
]
BERSUMBER_BEDA = {"kegiatan-keberpihakan", "tim-pemenangan", "kampanye-bakal-calon", "fasilitas-negara"}


def test_kategori_sesuai_tabel_skb_baris_demi_baris():
    ada = {
        k.kode: (k.kode, k.kode_skb, k.jalur_etik, k.tingkat_disiplin, k.tingkat_disiplin_lain)
        for k in KategoriPelanggaran.objects.all()
    }
    assert len(ada) == 15
    for baris in TABEL_SKB:
        assert ada[baris[0]] == baris
    for kode in BERSUMBER_BEDA:
        assert KategoriPelanggaran.objects.get(kode=kode).catatan_sumber


# --- A forwarded case and its agency reviewer ---------------------------------------------------------


@pytest.fixture(autouse=True)
def _antrean_segera(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda f, using=None, robust=False: f())


@pytest.fixture
def malang():
    return Instansi.objects.get(wilayah_id="35.07")


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Bawaslu")


@pytest.fixture
def peninjau(malang):
    return buat_peninjau(malang, nip="197001012000031001")


def _terlapor(jenis_asn):
    return [
        {
            "nama": "Pejabat Uji",
            "nip": NIP_PNS_SAH if jenis_asn == "pns" else "",
            "jabatan": "Guru",
            "instansi_teks": "Dinas Pendidikan",
            "jenis_asn": jenis_asn,
        }
    ]


def _sampai_klarifikasi(staf, *, kategori="kampanye-media-sosial", jenis_asn="pns"):
    p, _ = buat_pengaduan(
        wilayah="35.07.13.1007", kategori=KategoriPelanggaran.objects.get(kode=kategori), terlapor=_terlapor(jenis_asn)
    )
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    p.refresh_from_db()
    return p


def _diperiksa(staf, malang, peninjau, *, jalur="keduanya", **kwargs):
    p = _sampai_klarifikasi(staf, **kwargs)
    tindak_lanjut.teruskan(
        pengaduan=p,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=staf,
        **data_rekomendasi(instansi=[malang], jalur=jalur),
    )
    tindak_lanjut.mulai_pemeriksaan(pengaduan=p, oleh=peninjau, tanggal_mulai=timezone.localdate(), pemeriksa="Tim")
    p.refresh_from_db()
    return p


def _url_sanksi(p):
    return reverse("admin:pengaduan_kasusinstansi_tindakan", args=[p.pk, "sanksi"])


def _sanksi(p, **ubah):
    d = {
        "versi": p.versi,
        "terlapor": p.terlapor.get().pk,
        "jenis_asn": "",
        "jalur": "disiplin",
        "tingkat": "berat",
        "jenis": "penurunan_jabatan",
        "nomor_sk": "800/123/35.07.201/2026",
        "tanggal_sk": timezone.localdate().isoformat(),
        "pejabat": "Bupati Malang",
        "dasar_hukum": "",
        "tindakan_administratif": "",
        "dokumen_sk": pdf_halaman(),
    }
    d.update(ubah)
    return d


# --- Forwarding suggests the track ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kategori, jalur, teks",
    [
        ("pendekatan-parpol", "disiplin", "hukuman disiplin sedang (SKB 2022 Lampiran II; PP 94/2021 Pasal 10)"),
        ("kampanye-pasangan", "etik", "daftar kode etik (SKB 2022 Lampiran II; PP 42/2004 Pasal 15)"),
        ("alat-peraga", "keduanya", "hukuman disiplin berat (SKB 2022 Lampiran II; PP 94/2021 Pasal 14)"),
        ("anggota-parpol", "disiplin", "UU 20/2023"),
        ("kegiatan-keberpihakan", "disiplin", "Sumber berbeda"),
        ("lainnya", "keduanya", "tentukan dari temuan"),
    ],
)
def test_teruskan_mengusulkan_jalur_dari_kategori(client, staf, kategori, jalur, teks):
    p = _sampai_klarifikasi(staf, kategori=kategori)
    client.force_login(staf)
    isi = client.get(reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "teruskan"])).content.decode()
    assert f'<option value="{jalur}" selected>' in isi
    assert "Usulan:" in isi and teks in isi


# --- Tier against category: a warning with the legal basis, never a refusal --------------------------


def test_tingkat_tidak_sesuai_kategori_diperingatkan_dengan_dasar_hukum(client, staf, malang, peninjau):
    p = _diperiksa(staf, malang, peninjau)  # kampanye di media sosial: berat
    client.force_login(peninjau)
    halaman = client.get(_url_sanksi(p)).content.decode()
    assert "hukuman disiplin berat (SKB 2022 Lampiran II; PP 94/2021 Pasal 14)" in halaman

    r = client.post(_url_sanksi(p), _sanksi(p, tingkat="ringan", jenis="teguran_tertulis"), follow=True)
    assert r.status_code == 200
    isi = r.content.decode()
    assert "Sanksi dicatat" in isi
    assert "Perhatian: Tingkat sanksi tidak sesuai" in isi
    assert "PP 94/2021 Pasal 14" in isi and "PP 94/2021 Pasal 8 ayat (2)" in isi
    s = Sanksi.objects.get(pengaduan=p)
    assert "hukuman disiplin ringan" in s.peringatan_tingkat and s.dasar_hukum == "PP 94/2021 Pasal 8 ayat (2)"

    # Bawaslu reads the same warning on its case page.
    client.force_login(staf)
    bawaslu = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "Tingkat sanksi tidak sesuai" in bawaslu


def test_tingkat_sesuai_tanpa_peringatan_dan_ptdh_dari_uu_asn(client, staf, malang, peninjau):
    p = _diperiksa(staf, malang, peninjau, kategori="anggota-parpol", jalur="disiplin")
    client.force_login(peninjau)
    r = client.post(_url_sanksi(p), _sanksi(p, tingkat="ptdh", jenis="ptdh"), follow=True)
    assert "Sanksi dicatat" in r.content.decode() and "Perhatian" not in r.content.decode()
    s = Sanksi.objects.get(pengaduan=p)
    assert s.tingkat == "ptdh" and s.peringatan_tingkat == "" and s.dasar_hukum.startswith("UU 20/2023")
    assert "PP 94/2021" not in s.dasar_hukum


def test_ptdh_bukan_lagi_hukuman_berat(client, staf, malang, peninjau):
    p = _diperiksa(staf, malang, peninjau, kategori="anggota-parpol", jalur="disiplin")
    client.force_login(peninjau)
    r = client.post(_url_sanksi(p), _sanksi(p, tingkat="berat", jenis="ptdh"))
    assert r.status_code == 400
    assert "bukan hukuman disiplin berat" in r.content.decode()


def test_sumber_berbeda_kedua_tingkat_tanpa_peringatan():
    k = KategoriPelanggaran.objects.get(kode="kegiatan-keberpihakan")
    assert tabel_sanksi.peringatan_tingkat(k, jenis="potong_tukin_6", jenis_asn="pns") == ""
    assert tabel_sanksi.peringatan_tingkat(k, jenis="penurunan_jabatan", jenis_asn="pns") == ""
    teks = tabel_sanksi.peringatan_tingkat(k, jenis="teguran_lisan", jenis_asn="pns")
    assert "berat atau hukuman disiplin sedang" in teks and "Sumber berbeda" in teks
    etik = tabel_sanksi.peringatan_tingkat(k, jenis="pernyataan_terbuka", jenis_asn="pns")
    assert "tidak termasuk daftar kode etik" in etik and "PP 42/2004 Pasal 15" in etik


def test_ubah_tingkat_kategori_tidak_mengubah_sanksi_tercatat(client, staf, malang, peninjau):
    p = _diperiksa(staf, malang, peninjau)
    client.force_login(peninjau)
    assert client.post(_url_sanksi(p), _sanksi(p, tingkat="ringan", jenis="teguran_tertulis")).status_code == 302
    sebelum = Sanksi.objects.values().get(pengaduan=p)

    admin = buat_staf(Peran.ADMINISTRATOR, None, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:pengaduan_kategoripelanggaran_change", args=["kampanye-media-sosial"])
    k = KategoriPelanggaran.objects.get(kode="kampanye-media-sosial")
    r = client.post(
        url,
        {
            "kode": k.kode,
            "nama": k.nama,
            "keterangan": k.keterangan,
            "urutan": k.urutan,
            "kode_skb": k.kode_skb,
            "jalur_etik": "on",
            "tingkat_disiplin": "sedang",
            "tingkat_disiplin_lain": "",
            "catatan_sumber": "Diubah dalam pengujian.",
            "aktif": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert KategoriPelanggaran.objects.get(kode="kampanye-media-sosial").tingkat_disiplin == "sedang"
    assert Sanksi.objects.values().get(pengaduan=p) == sebelum
    client.force_login(staf)
    bawaslu = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "SKB 2022 Lampiran II menetapkan hukuman disiplin berat" in bawaslu


# --- Sanctions by employee type ---------------------------------------------------------------------


@pytest.mark.parametrize("jenis", ["penurunan_jabatan", "pembebasan_jabatan", "pemberhentian_dengan_hormat"])
def test_terlapor_pppk_tidak_menerima_sanksi_khusus_pns(client, staf, malang, peninjau, jenis):
    p = _diperiksa(staf, malang, peninjau, jenis_asn="pppk")
    client.force_login(peninjau)
    halaman = client.get(_url_sanksi(p)).content.decode()
    assert f'value="{jenis}"' not in halaman and 'value="phpk_dengan_hormat"' in halaman
    r = client.post(_url_sanksi(p), _sanksi(p, jenis=jenis))
    assert r.status_code == 400
    isi = r.content.decode()
    assert "hanya dijatuhkan kepada PNS; terlapor ini PPPK (PP 49/2018)" in isi
    assert "Bupati Malang" in isi
    assert not Sanksi.objects.exists()


def test_terlapor_pppk_diberhentikan_menurut_pp_49(client, staf, malang, peninjau):
    p = _diperiksa(staf, malang, peninjau, jenis_asn="pppk")
    client.force_login(peninjau)
    r = client.post(_url_sanksi(p), _sanksi(p, jenis="phpk_dengan_hormat"))
    assert r.status_code == 302, r.content.decode()[:3000]
    s = Sanksi.objects.get(pengaduan=p)
    assert s.jenis_asn == "pppk" and s.dasar_hukum.startswith("PP 49/2018 Pasal 53")


def test_terlapor_pns_tidak_menerima_pemutusan_perjanjian_kerja(client, staf, malang, peninjau):
    p = _diperiksa(staf, malang, peninjau)
    client.force_login(peninjau)
    assert 'value="phpk_dengan_hormat"' not in client.get(_url_sanksi(p)).content.decode()
    r = client.post(_url_sanksi(p), _sanksi(p, jenis="phpk_dengan_hormat"))
    assert r.status_code == 400 and "hanya dijatuhkan kepada PPPK" in r.content.decode()
    r = client.post(_url_sanksi(p), _sanksi(p, jenis_asn="pppk"))
    assert r.status_code == 400 and "tercatat sebagai PNS" in r.content.decode()


def test_jenis_asn_tidak_tahu_dinyatakan_instansi(client, staf, malang, peninjau):
    """Unknown to the reporter, known to the employer: the agency states it with the sanction, and
    the sanction follows that regime."""
    p = _diperiksa(staf, malang, peninjau, jenis_asn="tidak_tahu")
    client.force_login(peninjau)
    halaman = client.get(_url_sanksi(p)).content.decode()
    assert "hanya PNS" in halaman and "hanya PPPK" in halaman
    r = client.post(_url_sanksi(p), _sanksi(p, tingkat="ringan", jenis="teguran_lisan"))
    assert r.status_code == 400 and "Jenis ASN terlapor belum diketahui" in r.content.decode()
    r = client.post(_url_sanksi(p), _sanksi(p, jenis_asn="pppk"))
    assert r.status_code == 400 and "hanya dijatuhkan kepada PNS" in r.content.decode()
    r = client.post(_url_sanksi(p), _sanksi(p, jenis_asn="pppk", tingkat="ringan", jenis="teguran_lisan"))
    assert r.status_code == 302
    s = Sanksi.objects.get(pengaduan=p)
    assert s.jenis_asn == "pppk" and s.dasar_hukum == "PP 49/2018 Pasal 52 ayat (3) jo. PP 94/2021 Pasal 8 ayat (2)"


def test_jalur_etik_hanya_menawarkan_sanksi_moral_dan_tindakan_administratif(client, staf, malang, peninjau):
    p = _diperiksa(staf, malang, peninjau, jalur="etik")
    client.force_login(peninjau)
    halaman = client.get(_url_sanksi(p)).content.decode()
    assert 'value="pernyataan_terbuka"' in halaman and 'value="teguran_lisan"' not in halaman
    r = client.post(
        _url_sanksi(p),
        _sanksi(
            p,
            jalur="etik",
            tingkat="moral",
            jenis="pernyataan_terbuka",
            tindakan_administratif="Dibebaskan dari tugas sebagai panitia; rekomendasi Majelis Kode Etik No. 1/2026.",
        ),
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    s = Sanksi.objects.get(pengaduan=p)
    assert s.tindakan_administratif.startswith("Dibebaskan") and s.dasar_hukum == "PP 42/2004 Pasal 15 ayat (1)"
    assert (
        "Dibebaskan dari tugas"
        in client.get(reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk])).content.decode()
    )


def test_tindakan_administratif_hanya_menyertai_sanksi_moral(client, staf, malang, peninjau):
    p = _diperiksa(staf, malang, peninjau)
    client.force_login(peninjau)
    r = client.post(_url_sanksi(p), _sanksi(p, tindakan_administratif="Dimutasi."))
    assert r.status_code == 400 and "hanya menyertai sanksi moral" in r.content.decode()


@pytest.fixture
def kasus_pppk(staf, malang, peninjau):
    return _diperiksa(staf, malang, peninjau, jenis_asn="pppk")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    jenis_asn=st.sampled_from(["", "pns", "pppk", "tidak_tahu", "<script>", "x" * 40]),
    jalur=st.sampled_from(["", "etik", "disiplin", "keduanya", "<script>alert(1)</script>"]),
    tingkat=st.sampled_from(["", "moral", "ringan", "sedang", "berat", "ptdh", "x" * 30]),
    jenis=st.sampled_from(["", *tabel_sanksi.JENIS_SANKSI, "tidak_ada", "x" * 200]),
    tindakan=st.text(max_size=200),
)
def test_formulir_sanksi_menurut_jenis_asn_tahan_isian_liar(
    client, kasus_pppk, peninjau, jenis_asn, jalur, tingkat, jenis, tindakan
):
    """Whatever is posted for a PPPK terlapor: a form with messages or a sanction the law allows for
    a PPPK on this recommendation, never a 500 and never a PNS-only type."""
    p = kasus_pppk
    p.refresh_from_db()
    client.force_login(peninjau)
    data = _sanksi(p, jenis_asn=jenis_asn, jalur=jalur, tingkat=tingkat, jenis=jenis, tindakan_administratif=tindakan)
    r = client.post(_url_sanksi(p), data)
    assert r.status_code in (302, 400)
    for s in Sanksi.objects.filter(pengaduan=p):
        j = tabel_sanksi.JENIS_SANKSI[s.jenis]
        assert "pppk" in j.dasar and s.jenis_asn == "pppk"
        assert (j.jalur, j.tingkat) == (s.jalur, s.tingkat)
        assert not s.tindakan_administratif or s.jalur == "etik"
