"""Who may enter reports, for which places, and who may see the signed form's scan: a Panwascam or
Bawaslu account enters reports only for places within its region; every other role and region finds
no page (404). The scan is Bawaslu's, under the case's visibility rule, never an agency's."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.lingkup import PESAN_DI_LUAR_LINGKUP
from netralitas.akun.models import Instansi, Peran
from netralitas.audit.models import Aksi, LogAudit
from netralitas.wilayah.models import Wilayah
from pengaduan.models import DokumenPengaduan, KategoriPelanggaran, Pengaduan, Status
from pengaduan.tindak_lanjut import services as tindak_lanjut
from pengaduan.transisi import TransisiDitolak
from pengaduan.triase.entri import services as entri
from tests.factories import (
    bawa_ke_status,
    buat_pengaduan,
    buat_peninjau,
    buat_staf,
    data_rekomendasi,
    jpeg,
    pdf,
)
from tests.pengaduan.test_entri_staf import URL, data_entri, teks

pytestmark = pytest.mark.django_db

# (role, region, the provinces and kabupaten/kota its form offers; None: every one)
BOLEH_ENTRI = [
    (Peran.PANWASCAM, "35.07.13", ["35"], ["35.07"]),
    (Peran.BAWASLU_KABKOTA, "35.07", ["35"], ["35.07"]),
    (Peran.BAWASLU_PROVINSI, "35", ["35"], None),
    (Peran.BAWASLU_RI, None, None, None),
]
TANPA_ENTRI = [
    (Peran.PENINJAU, "35.07"),
    (Peran.PEMDA, "35.07"),
    (Peran.ADMINISTRATOR, None),
    (Peran.BAWASLU_KABKOTA, None),  # a kabupaten role without a region has no office
    (Peran.PANWASCAM, None),
]


def _staf(peran, wilayah):
    if peran == Peran.PENINJAU:
        return buat_peninjau(Instansi.objects.get(wilayah_id=wilayah))
    return buat_staf(peran, wilayah)


@pytest.mark.parametrize("peran,wilayah,provinsi,kabupaten", BOLEH_ENTRI)
def test_halaman_entri_menawarkan_hanya_tempat_di_wilayah_tugas(client, peran, wilayah, provinsi, kabupaten):
    client.force_login(_staf(peran, wilayah))
    daftar = client.get(reverse("admin:pengaduan_pengaduan_changelist"))
    assert reverse("admin:pengaduan_pengaduan_add") in daftar.content.decode()
    r = client.get(URL)
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    form = r.context["form"]
    ditawarkan = [k for k, _ in form.fields["provinsi"].choices if k]
    if provinsi is None:
        assert len(ditawarkan) > 1
    else:
        assert ditawarkan == provinsi
        assert [k for k, _ in form.fields["kabupaten"].choices if k] == (
            kabupaten or [k for k, _ in form.fields["kabupaten"].choices if k]
        )
        assert all(k.startswith("35.") for k, _ in form.fields["kabupaten"].choices if k)
    if peran == Peran.PANWASCAM:
        assert [k for k, _ in form.fields["kecamatan"].choices if k] == [wilayah]
        assert all(k.startswith(wilayah + ".") for k, _ in form.fields["desa"].choices if k)


@pytest.mark.parametrize("peran,wilayah", TANPA_ENTRI)
def test_peran_lain_tidak_menemukan_halaman_entri(client, peran, wilayah):
    client.force_login(_staf(peran, wilayah))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"simpan": "1"}).status_code == 404
    assert not Pengaduan.objects.exists()


def test_tanpa_izin_menangani_tidak_menemukan_halaman_entri(client):
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    user.groups.clear()
    client.force_login(user)
    assert client.get(URL).status_code in (403, 404)


@pytest.mark.parametrize(
    "peran,wilayah,tempat",
    [
        # Another kecamatan of the same kabupaten, another kabupaten, another province.
        (Peran.PANWASCAM, "35.07.13", {"kecamatan": "35.07.12", "desa": ""}),
        (Peran.BAWASLU_KABKOTA, "35.07", {"kabupaten": "35.73", "kecamatan": "", "desa": ""}),
        (Peran.BAWASLU_KABKOTA, "32.73", {}),
        (Peran.BAWASLU_PROVINSI, "32", {}),
    ],
)
def test_tempat_di_luar_wilayah_tugas_ditolak_dan_tidak_tersimpan(client, peran, wilayah, tempat):
    client.force_login(buat_staf(peran, wilayah))
    r = client.post(URL, data_entri(client, **tempat))
    assert r.status_code == 400
    assert PESAN_DI_LUAR_LINGKUP in teks(r)
    assert not Pengaduan.objects.exists()


def test_tingkat_wilayah_tugas_terisi_sendiri_dan_tempat_lain_ditolak_dengan_pesan_lingkup(client):
    """The form fixes the levels of the staff member's region (a browser sends none of them); a
    request that names another place there is answered with the region rule's own words."""
    from pengaduan.triase.entri.forms import EntriPengaduanForm

    client.force_login(buat_staf(Peran.PANWASCAM, "35.07.13"))
    data = data_entri(client)
    tanpa = {k: v for k, v in data.items() if k not in ("provinsi", "kabupaten", "kecamatan", "desa")}
    form = EntriPengaduanForm(tanpa, lingkup="35.07.13")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["wilayah"].kode == "35.07.13"
    form = EntriPengaduanForm({**data, "kecamatan": "35.07.12"}, lingkup="35.07.13")
    assert not form.is_valid() and form.errors["kecamatan"] == [PESAN_DI_LUAR_LINGKUP]


def test_layanan_menolak_tempat_di_luar_wilayah_walau_dipanggil_langsung():
    user = buat_staf(Peran.PANWASCAM, "35.07.13")
    hari_ini = timezone.localdate()
    with pytest.raises(TransisiDitolak, match=PESAN_DI_LUAR_LINGKUP):
        entri.create_pengaduan_staf(
            oleh=user,
            token_pengajuan="6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b",
            sumber="informasi_awal",
            kanal="telepon",
            kanal_keterangan="",
            diterima_pada=timezone.now(),
            tempat_diterima="Sekretariat",
            jenis_pemilihan="pilkada",
            kategori=KategoriPelanggaran.objects.get(kode="kampanye-media-sosial"),
            kategori_lainnya="",
            tanggal_kejadian=hari_ini,
            tanggal_diketahui=hari_ini,
            wilayah=Wilayah.objects.get(kode="32.73.01.1001"),
            alamat_kejadian="",
            kronologi="Kronologi yang cukup panjang untuk disimpan.",
            pelapor=None,
            terlapor=[{"nama": "X", "nip": "", "jabatan": "", "instansi_teks": "Y", "jenis_asn": "pns"}],
            saksi=[],
            tautan=[],
            unggahan=[],
        )
    assert not Pengaduan.objects.exists()


# --- The signed form's scan --------------------------------------------------------------------------


@pytest.fixture
def kasus_malang():
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    return p


def unggah(p):
    return reverse("admin:pengaduan_pengaduan_dokumen_unggah", args=[p.pk])


def test_bawaslu_kabupaten_mengunggah_pindaian_formulir_dan_tercatat(client, kasus_malang):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(staf)
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus_malang.pk]))
    assert unggah(kasus_malang) in halaman.content.decode()
    r = client.post(unggah(kasus_malang), {"berkas": pdf(nama="formulir-ttd.pdf")})
    assert r.status_code == 302
    d = DokumenPengaduan.objects.get()
    assert d.pengaduan == kasus_malang and d.diunggah_oleh == staf and len(d.sha256) == 64
    assert LogAudit.objects.filter(aksi=Aksi.UNGGAH_DOKUMEN, aktor=staf, pengaduan=kasus_malang).exists()
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus_malang.pk]))
    assert "formulir-ttd.pdf" in halaman.content.decode()
    unduh = client.get(reverse("admin:pengaduan_dokumen_unduh", args=[d.pk]))
    assert unduh.status_code == 200 and unduh["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in unduh["Content-Disposition"]
    assert LogAudit.objects.filter(aksi=Aksi.UNDUH_DOKUMEN, aktor=staf).exists()


def test_foto_pindaian_diterima_tetapi_video_dan_berkas_palsu_ditolak_dengan_pesan(client, kasus_malang):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert client.post(unggah(kasus_malang), {"berkas": jpeg(nama="pindaian.jpg")}).status_code == 302
    video = SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, content_type="video/mp4")
    r = client.post(unggah(kasus_malang), {"berkas": video})
    assert r.status_code == 400 and "harus berupa berkas PDF atau foto" in teks(r)
    palsu = SimpleUploadedFile("f.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    r = client.post(unggah(kasus_malang), {"berkas": palsu})
    assert r.status_code == 400 and "Isi berkas tidak dikenali" in teks(r)
    r = client.post(unggah(kasus_malang), {})
    assert r.status_code == 400
    assert DokumenPengaduan.objects.count() == 1


@pytest.mark.parametrize(
    "peran,wilayah",
    [(Peran.BAWASLU_KABKOTA, "32.73"), (Peran.BAWASLU_PROVINSI, "32"), (Peran.PEMDA, "35.07")],
)
def test_pindaian_tidak_ditemukan_di_luar_lingkup(client, kasus_malang, peran, wilayah):
    d = entri.unggah_dokumen(pengaduan=kasus_malang, oleh=buat_staf(Peran.BAWASLU_KABKOTA, "35.07"), berkas=pdf())
    client.force_login(buat_staf(peran, wilayah))
    assert client.get(reverse("admin:pengaduan_dokumen_unduh", args=[d.pk])).status_code == 404
    assert client.get(unggah(kasus_malang)).status_code == 404
    assert client.post(unggah(kasus_malang), {"berkas": pdf()}).status_code == 404
    assert DokumenPengaduan.objects.count() == 1


def test_peninjau_instansi_tidak_pernah_melihat_pindaian_formulir(client, kasus_malang):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    d = entri.unggah_dokumen(pengaduan=kasus_malang, oleh=staf, berkas=pdf(nama="formulir-rahasia.pdf"))
    bawa_ke_status(kasus_malang, Status.KLARIFIKASI)
    malang = Instansi.objects.get(wilayah_id="35.07")
    tindak_lanjut.teruskan(
        pengaduan=kasus_malang,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=staf,
        alasan="Diteruskan.",
        **data_rekomendasi(instansi=[malang]),
    )
    client.force_login(buat_peninjau(malang))
    halaman = client.get(reverse("admin:pengaduan_kasusinstansi_change", args=[kasus_malang.pk]))
    assert halaman.status_code == 200 and "formulir-rahasia" not in halaman.content.decode()
    assert client.get(reverse("admin:pengaduan_dokumen_unduh", args=[d.pk])).status_code == 404


# --- The number series: the counters each office had are carried into both ----------------------


def test_migrasi_memisahkan_urutan_tanpa_mengulang_nomor_yang_sudah_terbit():
    """The data step of the migration, on the tables as they are after it (a transactional test
    that migrates back and forth would empty the session's tables for the tests after it)."""
    import importlib

    from django.apps import apps

    from pengaduan.models import UrutanRegistrasi

    migrasi = importlib.import_module("pengaduan.migrations.0016_dokumen_urutan_per_jenis")
    UrutanRegistrasi.objects.create(kantor_tingkat="kabkota", kantor_kode="35.07", tahun=2026, terakhir=12)
    migrasi.pisahkan_urutan(apps, None)
    assert set(UrutanRegistrasi.objects.values_list("kantor_kode", "jenis", "terakhir")) == {
        ("35.07", "LP", 12),
        ("35.07", "TM", 12),
    }
    # Back again: one counter, the higher of the two.
    UrutanRegistrasi.objects.filter(jenis="TM").update(terakhir=15)
    migrasi.satukan_urutan(apps, None)
    assert list(UrutanRegistrasi.objects.values_list("kantor_kode", "jenis", "terakhir")) == [("35.07", "LP", 15)]


# --- Properties and costs -----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(isi=st.binary(max_size=2048), nama=st.text(max_size=80))
def test_unggah_pindaian_apa_pun_tidak_pernah_500_dan_hanya_pdf_atau_foto_tersimpan(client, isi, nama):
    p = Pengaduan.objects.first() or buat_pengaduan(wilayah="35.07.13.1007")[0]
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(user)
    # A name the client cannot even send (no base name) is the test's, not the server's, to skip.
    nama = nama.replace("\x00", "")
    berkas = SimpleUploadedFile(nama if os.path.basename(nama) not in ("", ".", "..") else "x", isi)
    sebelum = DokumenPengaduan.objects.count()
    r = client.post(unggah(p), {"berkas": berkas})
    assert r.status_code in (302, 400)
    if r.status_code == 302:
        d = DokumenPengaduan.objects.latest("pk")
        assert d.mime in ("application/pdf", "image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
    else:
        assert DokumenPengaduan.objects.count() == sebelum


def test_halaman_entri_dan_halaman_kasus_berkueri_terbatas(client, kasus_malang, django_assert_max_num_queries):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    for _ in range(3):
        entri.unggah_dokumen(pengaduan=kasus_malang, oleh=staf, berkas=pdf())
    client.force_login(staf)
    client.get(URL)  # the region children and categories, cached
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
    halaman = reverse("admin:pengaduan_pengaduan_change", args=[kasus_malang.pk])
    client.get(halaman)
    with django_assert_max_num_queries(40) as ctx:
        assert client.get(halaman).status_code == 200
    assert sum('"pengaduan_dokumenpengaduan"' in q["sql"] for q in ctx.captured_queries) == 1


def test_halaman_kasus_entri_staf_menunjukkan_penerimaan(client):
    panwascam = buat_staf(Peran.PANWASCAM, "35.07.13", first_name="Siti")
    client.force_login(panwascam)
    client.post(URL, data_entri(client, kanal="surat", kanal_keterangan="Surat no. 12/2026"))
    p = Pengaduan.objects.get()
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    halaman = teks(client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])))
    assert "Surat — Surat no. 12/2026" in halaman
    assert "Panwaslu Kecamatan" in halaman and "Dientri oleh Siti" in halaman
