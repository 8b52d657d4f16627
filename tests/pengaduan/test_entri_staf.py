"""Reports taken by staff in the admin: a walk-in, phone or letter report with the identity of
Formulir Model B.1, an anonymous tip, and a pengawas's finding; the same checks and messages as
/lapor/, the code shown once, every entry naming who entered it and from which office."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi, LogAudit
from pengaduan import kode as kode_pelacakan
from pengaduan import transisi
from pengaduan.isian import IsianPengaduanForm
from pengaduan.models import (
    Kanal,
    LangkahTenggat,
    Notifikasi,
    Pengaduan,
    PeristiwaPengaduan,
    Status,
    Sumber,
    TingkatKantor,
    UnggahanSementara,
    UrutanRegistrasi,
)
from pengaduan.pelaporan.forms import LaporForm
from pengaduan.tenggat import tenggat_langkah
from pengaduan.triase.entri.forms import EntriPengaduanForm
from tests.factories import NIK_SAH, NIP_PNS_SAH, buat_staf, jpeg

pytestmark = pytest.mark.django_db
URL = reverse("admin:pengaduan_pengaduan_add")
KEPANJEN = "35.07.13"  # Kecamatan Kepanjen, Kabupaten Malang


@pytest.fixture
def panwascam(client):
    user = buat_staf(Peran.PANWASCAM, KEPANJEN, first_name="Siti", last_name="Aminah")
    client.force_login(user)
    return user


def token(client) -> str:
    r = client.get(URL)
    assert r.status_code == 200
    return re.search(r'name="token_pengajuan" value="([0-9a-f-]{36})"', r.content.decode()).group(1)


def data_entri(client, **ubah) -> dict:
    """A complete walk-in report as the entry page posts it."""
    hari_ini = timezone.localdate()
    data = {
        "token_pengajuan": token(client),
        "sumber": "laporan",
        "kanal": "datang_langsung",
        "kanal_keterangan": "",
        "diterima_pada": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "tempat_diterima": "Sekretariat Panwaslu Kecamatan",
        "nama": "Sri Wahyuni",
        "nik": NIK_SAH,
        "tempat_lahir": "Malang",
        "tanggal_lahir": "1990-06-05",
        "jenis_kelamin": "P",
        "pekerjaan": "Guru",
        "kewarganegaraan": "Indonesia",
        "alamat": "Jl. Merdeka 10, Kepanjen",
        "telepon": "0812 3456 7890",
        "email": "",
        "jenis_pemilihan": "pilkada",
        "kategori": "kampanye-media-sosial",
        "kategori_lainnya": "",
        "tanggal_kejadian": (hari_ini - datetime.timedelta(days=3)).isoformat(),
        "tanggal_diketahui": (hari_ini - datetime.timedelta(days=2)).isoformat(),
        "provinsi": "35",
        "kabupaten": "35.07",
        "kecamatan": KEPANJEN,
        "desa": "35.07.13.1007",
        "alamat_kejadian": "Balai desa",
        "kronologi": "Terlapor mengajak peserta rapat memilih pasangan calon tertentu.",
        "tautan": "",
        "terlapor-TOTAL_FORMS": "1",
        "terlapor-INITIAL_FORMS": "0",
        "terlapor-MIN_NUM_FORMS": "1",
        "terlapor-MAX_NUM_FORMS": "10",
        "terlapor-0-nama": "Drs. Bambang",
        "terlapor-0-nip": NIP_PNS_SAH,
        "terlapor-0-jabatan": "Camat",
        "terlapor-0-instansi_teks": "Pemerintah Kabupaten Malang",
        "terlapor-0-jenis_asn": "pns",
        "saksi-TOTAL_FORMS": "0",
        "saksi-INITIAL_FORMS": "0",
        "saksi-MIN_NUM_FORMS": "0",
        "saksi-MAX_NUM_FORMS": "10",
        "simpan": "1",
    }
    data.update(ubah)
    return data


def teks(r) -> str:
    return re.sub(r"<[^>]+>", "", r.content.decode())


def kode_dari(r) -> str:
    return "-".join(re.findall(r"<span>([0-9A-Z]{4})</span>", r.content.decode()))


# --- A walk-in report -----------------------------------------------------------------------------


def test_panwascam_mengentri_laporan_datang_langsung_dengan_foto_dan_melihat_kode_sekali(client, panwascam):
    r = client.post(URL, {**data_entri(client), "berkas": [jpeg(nama="foto.jpg")]})
    assert r.status_code == 200, teks(r)[:2000]
    assert "no-store" in r["Cache-Control"]
    kode = kode_dari(r)
    assert len(kode) == 19
    p = Pengaduan.objects.get()
    # Stored only as its HMAC and its last four characters.
    assert p.kode_hash == kode_pelacakan.hash_kode(kode_pelacakan.normalkan(kode))
    assert p.kode_akhir == kode_pelacakan.normalkan(kode)[-4:]
    assert p.sumber == Sumber.LAPORAN and p.kanal == Kanal.DATANG_LANGSUNG
    assert p.diterima_oleh == panwascam
    assert (p.diterima_kantor_tingkat, p.diterima_kantor_wilayah_id) == (TingkatKantor.PANWASCAM, KEPANJEN)
    assert (p.kantor_tingkat, p.kantor_wilayah_id) == (TingkatKantor.KABKOTA, "35.07")
    assert p.tempat_diterima == "Sekretariat Panwaslu Kecamatan"
    assert p.bukti.count() == 1 and not UnggahanSementara.objects.exists()
    pelapor = p.pelapor
    assert (pelapor.tempat_lahir, pelapor.tanggal_lahir, pelapor.jenis_kelamin) == (
        "Malang",
        datetime.date(1990, 6, 5),
        "P",
    )
    assert (pelapor.pekerjaan, pelapor.kewarganegaraan, pelapor.nik) == ("Guru", "Indonesia", NIK_SAH)
    assert not p.terlambat
    assert p.tenggat == tenggat_langkah("pilkada", LangkahTenggat.KAJIAN_AWAL, timezone.localdate())
    # Who entered it and from which office: in the timeline and the audit log.
    masuk = PeristiwaPengaduan.objects.get(pengaduan=p)
    assert masuk.aktor == panwascam and masuk.peran_aktor == Peran.PANWASCAM
    assert masuk.alasan.startswith("Dientri oleh Siti Aminah (Panwaslu Kecamatan ")
    assert "datang langsung" in masuk.alasan
    log = LogAudit.objects.get(aksi=Aksi.ENTRI_PENGADUAN)
    assert log.aktor == panwascam and log.pengaduan == p and log.keterangan == masuk.alasan
    # The print buttons, and the code nowhere but this page.
    halaman = teks(r)
    assert "Cetak formulir laporan" in halaman and "Cetak tanda terima" in halaman
    assert "hanya ditampilkan sekali" in halaman
    normal = kode_pelacakan.normalkan(kode)
    assert not any(normal in (n.isi_teks + n.isi_html) for n in Notifikasi.objects.all())
    assert normal not in masuk.alasan and normal not in log.keterangan


def test_tombol_cetak_membawa_kode_hanya_dalam_isian_post_dan_tanda_terima_mencetaknya(client, panwascam):
    r = client.post(URL, data_entri(client))
    html = r.content.decode()
    kode = kode_dari(r)
    p = Pengaduan.objects.get()
    url_tanda_terima = reverse("admin:pengaduan_pengaduan_tanda_terima", args=[p.pk])
    assert f'name="kode" value="{kode}"' in html
    assert f'<form method="post" action="{url_tanda_terima}"' in html
    assert f'href="{reverse("admin:pengaduan_pengaduan_formulir", args=[p.pk])}"' in html
    # Never in a link: the formulir link names the case only.
    assert not re.search(r'href="[^"]*' + kode.replace("-", ""), html.replace("-", ""))
    # The clerk presses "Cetak tanda terima": the receipt carries the whole code.
    cetak = client.post(url_tanda_terima, {"kode": kode})
    assert cetak["Content-Type"] == "application/pdf"
    isi = "".join(h.extract_text() for h in PdfReader(io.BytesIO(cetak.content)).pages)
    assert kode in isi


def test_klik_ganda_menyimpan_sekali_dan_kedua_kali_tanpa_kode(client, panwascam):
    data = data_entri(client)
    pertama = client.post(URL, data)
    kedua = client.post(URL, data)
    assert Pengaduan.objects.count() == 1
    assert kode_dari(pertama) and not kode_dari(kedua)
    assert "sudah tersimpan sebelumnya" in teks(kedua)


def test_pelapor_dengan_email_menerima_tanda_terima_dan_staf_kantor_penanganan_diberi_tahu(
    client, panwascam, django_capture_on_commit_callbacks
):
    kab = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    rekan = buat_staf(Peran.PANWASCAM, "35.07.13", email="rekan@contoh.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, data_entri(client, email="sri@contoh.id"))
    assert r.status_code == 200
    jenis = set(Notifikasi.objects.values_list("jenis", "email"))
    assert ("tanda_terima", "sri@contoh.id") in jenis
    assert ("pengaduan_baru", kab.email) in jenis
    # The clerk's colleague at the Panwascam is told; the clerk who typed it is not.
    assert ("pengaduan_baru", rekan.email) in jenis
    assert not Notifikasi.objects.filter(penerima=panwascam).exists()


def test_tanpa_email_tidak_ada_tanda_terima_lewat_email(client, panwascam):
    client.post(URL, data_entri(client, email=""))
    assert not Notifikasi.objects.filter(jenis="tanda_terima").exists()


def test_laporan_telepon_yang_diterima_kemarin_dihitung_dari_waktu_diterima(client, panwascam):
    hari_ini = timezone.localdate()
    kemarin = timezone.localtime() - datetime.timedelta(days=1)
    r = client.post(
        URL,
        data_entri(
            client,
            kanal="telepon",
            kanal_keterangan="0341 123456",
            diterima_pada=kemarin.strftime("%Y-%m-%dT%H:%M"),
            tanggal_diketahui=(hari_ini - datetime.timedelta(days=2)).isoformat(),
        ),
    )
    assert r.status_code == 200
    p = Pengaduan.objects.get()
    assert p.kanal == Kanal.TELEPON and p.kanal_keterangan == "0341 123456"
    assert p.tenggat == tenggat_langkah("pilkada", LangkahTenggat.KAJIAN_AWAL, kemarin.date())
    assert "diterima telepon (0341 123456)" in p.peristiwa.get().alasan


def test_laporan_yang_diterima_lewat_batas_lapor_ditandai_terlambat(client, panwascam):
    hari_ini = timezone.localdate()
    client.post(
        URL,
        data_entri(
            client,
            tanggal_kejadian=(hari_ini - datetime.timedelta(days=20)).isoformat(),
            tanggal_diketahui=(hari_ini - datetime.timedelta(days=15)).isoformat(),
        ),
    )
    assert Pengaduan.objects.get().terlambat


# --- Informasi awal and temuan --------------------------------------------------------------------


def test_informasi_awal_tanpa_identitas_diterima_dan_identitas_tidak_disimpan(client, panwascam):
    data = data_entri(client, sumber="informasi_awal", kanal="telepon")
    for k in ("nama", "nik", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "pekerjaan", "alamat", "telepon"):
        data[k] = ""
    r = client.post(URL, data)
    assert r.status_code == 200, teks(r)[:2000]
    p = Pengaduan.objects.get()
    assert p.sumber == Sumber.INFORMASI_AWAL and not hasattr(p, "pelapor")


def test_informasi_awal_membuang_identitas_yang_terisi(client, panwascam):
    client.post(URL, data_entri(client, sumber="informasi_awal", kanal="telepon"))
    assert not hasattr(Pengaduan.objects.get(), "pelapor")


def test_temuan_tercatat_dengan_saluran_pengawasan_dan_tenggat_dari_tanggal_ditemukan(client, panwascam):
    hari_ini = timezone.localdate()
    ditemukan = hari_ini - datetime.timedelta(days=2)
    r = client.post(
        URL,
        data_entri(client, sumber="temuan", kanal="datang_langsung", tanggal_diketahui=ditemukan.isoformat(), nama=""),
    )
    assert r.status_code == 200, teks(r)[:2000]
    p = Pengaduan.objects.get()
    assert p.sumber == Sumber.TEMUAN and p.kanal == Kanal.PENGAWASAN and not hasattr(p, "pelapor")
    assert p.tenggat == tenggat_langkah("pilkada", LangkahTenggat.TEMUAN, ditemukan)
    assert not p.terlambat
    assert p.peristiwa.get().alasan.startswith("Temuan pengawas dicatat oleh Siti Aminah")
    # Kajian awal keeps the temuan deadline: the finding must still be set within 7 days of its discovery.
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=Peran.BAWASLU_KABKOTA)
    p.refresh_from_db()
    assert p.tenggat == tenggat_langkah("pilkada", LangkahTenggat.TEMUAN, ditemukan)


def test_temuan_yang_dicatat_lewat_tujuh_hari_ditandai_terlambat(client, panwascam):
    hari_ini = timezone.localdate()
    r = client.post(
        URL,
        data_entri(
            client,
            sumber="temuan",
            tanggal_kejadian=(hari_ini - datetime.timedelta(days=12)).isoformat(),
            tanggal_diketahui=(hari_ini - datetime.timedelta(days=10)).isoformat(),
        ),
    )
    assert r.status_code == 200
    p = Pengaduan.objects.get()
    assert p.terlambat and p.tenggat < hari_ini


def test_saluran_pengawasan_hanya_untuk_temuan(client, panwascam):
    r = client.post(URL, data_entri(client, kanal="pengawasan"))
    assert r.status_code == 400
    assert "hanya untuk temuan pengawas" in teks(r)
    assert not Pengaduan.objects.exists()


def test_saluran_daring_tidak_dapat_dipilih_staf(client, panwascam):
    r = client.post(URL, data_entri(client, kanal="daring"))
    assert r.status_code == 400 and not Pengaduan.objects.exists()


def test_temuan_dan_laporan_bernomor_registrasi_dengan_seri_masing_masing(client):
    kab = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(kab)
    client.post(URL, data_entri(client, kecamatan=KEPANJEN))
    client.post(URL, data_entri(client, sumber="temuan"))
    laporan = Pengaduan.objects.get(sumber=Sumber.LAPORAN)
    temuan = Pengaduan.objects.get(sumber=Sumber.TEMUAN)
    for p in (laporan, temuan):
        transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=Peran.BAWASLU_KABKOTA)
        transisi.ubah_status(pengaduan=p, ke=Status.DIREGISTRASI, peran=Peran.BAWASLU_KABKOTA)
        p.refresh_from_db()
    assert laporan.nomor_registrasi.startswith("001/Reg/LP/PB/Kab/35.07/")
    assert temuan.nomor_registrasi.startswith("001/Reg/TM/PB/Kab/35.07/")
    assert set(UrutanRegistrasi.objects.values_list("jenis", "terakhir")) == {("LP", 1), ("TM", 1)}


# --- Bad input: refused with /lapor/'s words, entries kept ----------------------------------------


def test_formulir_kosong_ditolak_dengan_pesan_tanpa_500(client, panwascam):
    r = client.post(URL, {"token_pengajuan": token(client), "simpan": "1"})
    assert r.status_code == 400
    halaman = teks(r)
    assert "Ada isian yang perlu diperbaiki" in halaman
    assert "Nama wajib diisi untuk laporan dengan identitas." in halaman
    assert not Pengaduan.objects.exists()


def test_identitas_model_b1_wajib_untuk_laporan(client, panwascam):
    r = client.post(URL, data_entri(client, tempat_lahir="", tanggal_lahir="", jenis_kelamin="", pekerjaan=""))
    assert r.status_code == 400
    halaman = teks(r)
    for label in ("Tempat lahir", "Tanggal lahir", "Jenis kelamin", "Pekerjaan"):
        assert f"{label} wajib diisi untuk laporan dengan identitas." in halaman


@pytest.mark.parametrize(
    "ubah",
    [
        {"nik": "1234"},
        {"telepon": "12ab"},
        {"tautan": "javascript:alert(1)"},
        {"telepon": "", "email": ""},
        {"kronologi": "pendek"},
        {"tanggal_kejadian": "2999-01-01"},
        {"email": "bukan-email"},
    ],
)
def test_pesan_penolakan_sama_dengan_lapor(client, panwascam, ubah):
    """The same input, the same words, field by field, as the citizen's form."""
    data = data_entri(client, **ubah)
    entri = EntriPengaduanForm(data, lingkup=KEPANJEN)
    lapor = LaporForm({**data, "pernyataan": "on"})
    assert not entri.is_valid() and not lapor.is_valid()
    for nama in ubah:
        if nama in lapor.errors:
            assert entri.errors[nama] == lapor.errors[nama]
    assert issubclass(EntriPengaduanForm, IsianPengaduanForm) and issubclass(LaporForm, IsianPengaduanForm)


def test_skrip_dalam_isian_ditampilkan_sebagai_teks(client, panwascam):
    jahat = "<script>alert('x')</script>"
    r = client.post(URL, data_entri(client, nama=jahat, nik="salah", kronologi=jahat * 3))
    assert r.status_code == 400
    assert jahat not in r.content.decode()
    assert "&lt;script&gt;" in r.content.decode()


def test_berkas_palsu_ditolak_dengan_pesan_dan_berkas_sah_tetap_tersimpan_untuk_kiriman_berikutnya(client, panwascam):
    palsu = SimpleUploadedFile("bukan-foto.jpg", b"ini teks biasa", content_type="image/jpeg")
    data = data_entri(client, nik="salah")
    r = client.post(URL, {**data, "berkas": [jpeg(nama="sah.jpg"), palsu]})
    assert r.status_code == 400
    halaman = teks(r)
    assert "bukan-foto.jpg: Isi berkas tidak dikenali" in halaman
    assert "sah.jpg" in halaman and 'value="Sri Wahyuni"' in r.content.decode()
    simpanan = UnggahanSementara.objects.get()
    assert f'name="unggahan" value="{simpanan.token}"' in r.content.decode()
    # Corrected and sent again with the staged file: the report carries it.
    r = client.post(URL, {**data, "nik": NIK_SAH, "unggahan": [simpanan.token]})
    assert r.status_code == 200
    assert Pengaduan.objects.get().bukti.get().nama_asli == "sah.jpg"


def test_waktu_diterima_di_masa_depan_atau_sebelum_diketahui_ditolak(client, panwascam):
    besok = timezone.localtime() + datetime.timedelta(days=1)
    r = client.post(URL, data_entri(client, diterima_pada=besok.strftime("%Y-%m-%dT%H:%M")))
    assert r.status_code == 400 and "Waktu diterima tidak boleh di masa depan." in teks(r)
    lama = timezone.localtime() - datetime.timedelta(days=5)
    r = client.post(URL, data_entri(client, diterima_pada=lama.strftime("%Y-%m-%dT%H:%M")))
    assert r.status_code == 400 and "tidak boleh sebelum tanggal diketahui" in teks(r)


kolom_teks = st.text(max_size=300)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            k: kolom_teks
            for k in (
                "sumber",
                "kanal",
                "diterima_pada",
                "nama",
                "nik",
                "tanggal_lahir",
                "jenis_kelamin",
                "telepon",
                "email",
                "kabupaten",
                "kecamatan",
                "desa",
                "tautan",
                "kronologi",
                "terlapor-TOTAL_FORMS",
                "terlapor-0-nip",
                "unggahan",
            )
        },
    )
)
def test_entri_tidak_pernah_500(client, panwascam, data):
    r = client.post(URL, {k: v.replace("\x00", "") for k, v in data.items()})
    assert r.status_code in (200, 400)


@settings(max_examples=30, deadline=None)
@given(
    ubah=st.fixed_dictionaries(
        {},
        optional={
            "nik": st.text(max_size=30),
            "telepon": st.text(max_size=30),
            "tautan": st.text(max_size=200),
            "email": st.text(max_size=60),
            "kronologi": st.text(max_size=60),
        },
    )
)
def test_formulir_staf_dan_lapor_menerima_dan_menolak_hal_yang_sama(ubah):
    """Property: for the fields they share, the staff's form and /lapor/ agree on every input."""
    hari_ini = timezone.localdate()
    dasar = {
        "token_pengajuan": "6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b",
        "sumber": "laporan",
        "nama": "Sri",
        "nik": NIK_SAH,
        "alamat": "Jl. A",
        "telepon": "081234567890",
        "jenis_pemilihan": "pemilu",
        "kategori": "kampanye-media-sosial",
        "tanggal_kejadian": (hari_ini - datetime.timedelta(days=3)).isoformat(),
        "tanggal_diketahui": (hari_ini - datetime.timedelta(days=2)).isoformat(),
        "provinsi": "35",
        "kabupaten": "35.07",
        "kronologi": "Uraian kejadian yang cukup panjang untuk diterima.",
    }
    data = {**dasar, **{k: v.replace("\x00", "") for k, v in ubah.items()}}
    entri, lapor = EntriPengaduanForm(data), LaporForm({**data, "pernyataan": "on"})
    entri.is_valid()
    lapor.is_valid()
    for nama in ("nik", "telepon", "tautan", "email", "kronologi"):
        assert entri.errors.get(nama) == lapor.errors.get(nama)


def test_halaman_identitas_menampilkan_identitas_model_b1_dan_tercatat(client, panwascam):
    client.post(URL, data_entri(client))
    p = Pengaduan.objects.get()
    kab = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(kab)
    r = client.get(reverse("admin:pengaduan_pengaduan_identitas", args=[p.pk]))
    halaman = teks(r)
    assert "Malang, 5 Juni 1990" in halaman and "Perempuan" in halaman and "Guru" in halaman
    assert LogAudit.objects.filter(aksi=Aksi.LIHAT_IDENTITAS, aktor=kab, pengaduan=p).exists()


def test_tanpa_javascript_memilih_wilayah_dan_menambah_baris_memuat_ulang_tanpa_menyimpan(client):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    data = data_entri(client, kecamatan="35.07.13", desa="", pilih_wilayah="1", nik="salah")
    r = client.post(URL, data)
    assert r.status_code == 200 and "Ada isian yang perlu diperbaiki" not in teks(r)
    desa = [k for k, _ in r.context["form"].fields["desa"].choices if k]
    assert desa and all(k.startswith("35.07.13.") for k in desa)
    r = client.post(URL, {**data_entri(client), "tambah_saksi": "1"})
    assert r.status_code == 200 and r.context["saksi"].total_form_count() == 1
    assert not Pengaduan.objects.exists()
