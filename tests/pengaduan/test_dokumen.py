"""The forms of the law as PDFs (pengaduan.dokumen, triase.dokumen): A4, the office's letterhead, the
fields of Formulir Model B.1, the identity only for who may read it (and audited), the status notice
from the reporter's page only, the full tracking code only by the clerk who entered the case within
30 minutes, and 404 on every document URL outside the user's scope. The text is read back from the
PDF bytes (pypdf), as a person would read the printout."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from netralitas.akun.models import Instansi, Peran
from netralitas.audit.models import Aksi, LogAudit
from netralitas.wilayah.models import Wilayah
from pengaduan import kode as kode_pelacakan
from pengaduan import transisi
from pengaduan.dokumen.dasar import kop_kantor, tanggal
from pengaduan.models import (
    CatatanPengaduan,
    Notifikasi,
    PemberitahuanStatus,
    Status,
    TingkatKantor,
)
from pengaduan.triase import services as triase
from tests.factories import (
    NIK_SAH,
    bawa_ke_status,
    buat_pengaduan,
    buat_peninjau,
    buat_staf,
    entri_pengaduan,
    jpeg,
)

pytestmark = pytest.mark.django_db

NAMA_URL = ("formulir", "tanda_terima", "pemberitahuan")


def url(nama, p):
    return reverse(f"admin:pengaduan_pengaduan_{nama}", args=[p.pk])


def teks_pdf(isi: bytes) -> str:
    """The printed text, its line breaks and spacing folded: a phrase is found wherever it wraps."""
    return " ".join(" ".join(h.extract_text() for h in PdfReader(io.BytesIO(isi)).pages).split())


def a4(isi: bytes) -> bool:
    return all(
        (round(float(h.mediabox.width)), round(float(h.mediabox.height))) == (595, 842)
        for h in PdfReader(io.BytesIO(isi)).pages
    )


@pytest.fixture
def staf_malang():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Rina", last_name="Petugas")


@pytest.fixture
def kasus_entri(staf_malang):
    return entri_pengaduan(staf_malang)


@pytest.fixture
def kasus():
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", email="pelapor@contoh.id", unggahan=[jpeg()])
    return p, kode


# --- The laporan form -------------------------------------------------------------------------------


def test_formulir_a4_berkop_kantor_dengan_isian_model_b1_dan_tercatat_di_audit(client, staf_malang, kasus):
    p, _ = entri_pengaduan(staf_malang, email="pelapor@contoh.id", unggahan=[jpeg()])
    client.force_login(staf_malang)
    r = client.get(url("formulir", p))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")
    assert "no-store" in r["Cache-Control"] and r["X-Content-Type-Options"] == "nosniff"
    assert a4(r.content)
    t = teks_pdf(r.content)
    for bagian in (
        "BADAN PENGAWAS PEMILIHAN UMUM",
        "KABUPATEN MALANG",
        "FORMULIR LAPORAN",
        "Identitas Pelapor",
        "Tempat/Tgl Lahir",
        "Malang, 5 Juni 1990",
        "Jenis Kelamin",
        "Perempuan",
        "Pekerjaan",
        "Guru",
        "Kewarganegaraan",
        "Alamat",
        "No. Telp/HP",
        "E-mail",
        "pelapor@contoh.id",
        "Warga Uji",
        NIK_SAH,
        "Identitas Terlapor",
        "Pejabat Uji",
        "Peristiwa yang dilaporkan",
        "Hari dan Tanggal Kejadian",
        "Hari dan Tanggal Diketahui",
        "Saksi-saksi",
        "Bukti-bukti",
        "foto.jpg",
        "Uraian Kejadian",
        "grup pegawai",
        "Datang langsung",
        "Rina Petugas",
        "Pelapor",
        "Penerima laporan",
        tanggal(p.dibuat),
    ):
        assert bagian in t, bagian
    assert LogAudit.objects.filter(aksi=Aksi.LIHAT_IDENTITAS, pengaduan=p, aktor=staf_malang).count() == 1


def test_judul_dan_dasar_hukum_menurut_jenis_pemilihan(client, staf_malang):
    pemilu, _ = buat_pengaduan(jenis_pemilihan="pemilu")
    pilkada, _ = buat_pengaduan(jenis_pemilihan="pilkada")
    client.force_login(staf_malang)
    t = teks_pdf(client.get(url("formulir", pemilu)).content)
    assert "FORMULIR MODEL B.1" in t and "Nomor 7 Tahun 2022" in t
    t = teks_pdf(client.get(url("formulir", pilkada)).content)
    assert "MODEL B.1" not in t and "Nomor 9 Tahun 2024" in t


@pytest.mark.parametrize(
    "wilayah,kop",
    [
        ("35.11.02.2001", ["BADAN PENGAWAS PEMILIHAN UMUM", "KABUPATEN BONDOWOSO"]),
        ("35.73.01.1001", ["BADAN PENGAWAS PEMILIHAN UMUM", "KOTA MALANG"]),
    ],
)
def test_kop_menurut_wilayah_kantor(client, wilayah, kop):
    if not Wilayah.objects.filter(kode=wilayah).exists():
        wilayah = Wilayah.objects.filter(kode__startswith=wilayah[:9], tingkat=4).values_list("kode", flat=True).first()
    p, _ = buat_pengaduan(wilayah=wilayah)
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, p.kantor_wilayah_id))
    t = teks_pdf(client.get(url("formulir", p)).content)
    assert all(baris in t for baris in kop)


def test_kop_panwascam_provinsi_dan_ri():
    maesan = Wilayah.objects.get(kode="35.11.01")
    assert kop_kantor(TingkatKantor.PANWASCAM, maesan) == [
        "PANITIA PENGAWAS PEMILIHAN UMUM KECAMATAN MAESAN",
        "KABUPATEN BONDOWOSO",
    ]
    assert kop_kantor(TingkatKantor.PROVINSI, Wilayah.objects.get(kode="35")) == [
        "BADAN PENGAWAS PEMILIHAN UMUM",
        "PROVINSI JAWA TIMUR",
    ]
    assert kop_kantor(TingkatKantor.RI, None)[1] == "REPUBLIK INDONESIA"


def test_laporan_diterima_panwascam_berkop_panwascam(client):
    desa = Wilayah.objects.filter(kode__startswith="35.11.01.", tingkat=4).first()
    staf = buat_staf(Peran.PANWASCAM, "35.11.01")
    p, _ = entri_pengaduan(staf, wilayah=desa.kode)
    client.force_login(staf)
    t = teks_pdf(client.get(url("tanda_terima", p)).content)
    assert "PANITIA PENGAWAS PEMILIHAN UMUM KECAMATAN MAESAN" in t and "KABUPATEN BONDOWOSO" in t
    assert "Panwaslu Kecamatan Maesan" in t


def test_identitas_rahasia_tanpa_izin_dikosongkan_dan_tidak_diaudit(client):
    p, _ = buat_pengaduan(rahasia=True, email="rahasia@contoh.id")
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))  # this group lacks the permission
    for nama in ("formulir", "tanda_terima"):
        t = teks_pdf(client.get(url(nama, p)).content)
        assert "dirahasiakan" in t
        assert "Warga Uji" not in t and NIK_SAH not in t and "rahasia@contoh.id" not in t and "081234567890" not in t
    assert not LogAudit.objects.filter(aksi=Aksi.LIHAT_IDENTITAS).exists()
    client.force_login(buat_staf(Peran.BAWASLU_PROVINSI, "35"))  # the province's group holds it
    assert NIK_SAH in teks_pdf(client.get(url("formulir", p)).content)
    assert LogAudit.objects.filter(aksi=Aksi.LIHAT_IDENTITAS, pengaduan=p).count() == 1


def test_informasi_awal_dan_temuan_punya_variannya(client, staf_malang):
    p, _ = buat_pengaduan(sumber="informasi_awal")
    client.force_login(staf_malang)
    t = teks_pdf(client.get(url("formulir", p)).content)
    assert "FORMULIR INFORMASI AWAL" in t and "Identitas Pelapor" not in t and "tanpa identitas" in t
    p, _ = entri_pengaduan(staf_malang, sumber="temuan")
    t = teks_pdf(client.get(url("formulir", p)).content)
    assert "FORMULIR TEMUAN" in t and "Pengawas yang Menemukan" in t and "Rina Petugas" in t
    assert not LogAudit.objects.filter(aksi=Aksi.LIHAT_IDENTITAS).exists()


# --- Hostile text -------------------------------------------------------------------------------------


def test_teks_bermusuhan_dicetak_apa_adanya_tanpa_galat(client, staf_malang):
    kronologi = (
        "<script>alert('x')</script> & <b>tebal</b>\n\n"
        + "Kejadian panjang sekali. " * 1500
        + "\n\nالعربية 中文 😀👍🏽 ꦗꦮ Çé ğış"
        + "\x07\u200b"
        + "A" * 3000
    )
    p, _ = entri_pengaduan(
        staf_malang,
        kronologi=kronologi,
        alamat_kejadian="<img src=x onerror=alert(1)>",
        pelapor_tambahan={"nama": "Dewi 😀 <script>", "pekerjaan": "🚀" * 50},
    )
    client.force_login(staf_malang)
    for nama in NAMA_URL:
        r = client.get(url(nama, p))
        assert r.status_code == 200, nama
        assert a4(r.content)
    t = teks_pdf(client.get(url("formulir", p)).content)
    assert len(PdfReader(io.BytesIO(client.get(url("formulir", p)).content)).pages) > 3
    assert "<script>alert('x')</script>" in t and "<img src=x onerror=alert(1)>" in t
    assert "Çé ğış" in t  # Latin letters beyond ASCII print as they are
    assert "Dewi ? <script>" in t  # what the font lacks prints as "?", and the document says so
    assert "tidak dapat dicetak" in t
    assert "\x07" not in t


# --- The receipt and the tracking code ----------------------------------------------------------------


def test_tanda_terima_get_hanya_empat_karakter_terakhir(client, staf_malang, kasus):
    p, kode = kasus
    client.force_login(staf_malang)
    r = client.get(url("tanda_terima", p))
    t = teks_pdf(r.content)
    assert a4(r.content)
    assert "TANDA BUKTI PENYAMPAIAN LAPORAN" in t
    assert f"…-{p.kode_akhir}" in t and "diserahkan kepada pelapor" in t
    assert kode not in t and kode_pelacakan.normalkan(kode) not in t.replace("-", "")


def test_kode_lengkap_hanya_untuk_pengentri_dalam_30_menit(client, staf_malang, monkeypatch):
    p, kode = entri_pengaduan(staf_malang)
    client.force_login(staf_malang)
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "Cetak tanda terima dengan kode" in halaman
    # Typed as people type it: lower case, spaces, O for 0.
    ketik = kode.lower().replace("-", " ").replace("0", "o")
    r = client.post(url("tanda_terima", p), {"kode": ketik})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and "no-store" in r["Cache-Control"]
    assert kode in teks_pdf(r.content)

    rekan = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(rekan)
    r = client.post(url("tanda_terima", p), {"kode": kode}, follow=True)
    isi = r.content.decode()
    assert "hanya dapat dicetak oleh petugas yang mengentri" in isi and kode not in isi
    assert "Cetak tanda terima dengan kode" not in isi

    client.force_login(staf_malang)
    r = client.post(url("tanda_terima", p), {"kode": "AAAA-BBBB-CCCC-DDDD"}, follow=True)
    isi = r.content.decode()
    assert "tidak cocok" in isi and "AAAA-BBBB" not in isi

    asli = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: asli() + datetime.timedelta(minutes=31))
    r = client.post(url("tanda_terima", p), {"kode": kode}, follow=True)
    isi = r.content.decode()
    assert "30 menit" in isi and kode not in isi
    # The code was stored nowhere on the way: not in the audit log, the notes or the outbox.
    for teks in LogAudit.objects.values_list("keterangan", flat=True):
        assert kode not in teks
    assert not CatatanPengaduan.objects.filter(teks__contains=kode[:9]).exists()
    assert (
        not Notifikasi.objects.filter(isi_teks__contains=kode, status="menunggu").exclude(jenis="tanda_terima").exists()
    )


def test_kode_adalah_parameter_rahasia_laporan_galat(client, staf_malang, kasus, monkeypatch):
    """An error report of the receipt's POST never holds the code (sensitive_post_parameters)."""
    from django.views.debug import SafeExceptionReporterFilter

    from pengaduan.triase import dokumen

    p, kode = kasus
    dilihat = {}

    def tangkap(request, pesan):
        dilihat["parameter"] = SafeExceptionReporterFilter().get_post_parameters(request)

    monkeypatch.setattr(dokumen.messages, "error", tangkap)
    client.force_login(staf_malang)
    client.post(url("tanda_terima", p), {"kode": kode})
    assert dilihat["parameter"]["kode"] != kode and "*" in dilihat["parameter"]["kode"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(masukan=st.one_of(st.text(max_size=300), st.binary(max_size=80).map(lambda b: b.decode("latin-1"))))
def test_kode_sembarang_tidak_pernah_500(client, staf_malang, kasus_entri, masukan):
    p, kode = kasus_entri
    if kode_pelacakan.normalkan(masukan) == kode_pelacakan.normalkan(kode):
        return
    client.force_login(staf_malang)
    r = client.post(url("tanda_terima", p), {"kode": masukan})
    assert r.status_code == 302  # refused, back to the case page with the reason
    assert kode not in r.content.decode()


# --- The status notice ----------------------------------------------------------------------------


def test_pemberitahuan_hanya_memuat_yang_dibaca_pelapor(client, staf_malang, kasus):
    p, _ = kasus
    bawa_ke_status(p, Status.KAJIAN_AWAL)
    triase.tambah_catatan(pengaduan=p, oleh=staf_malang, teks="CATATAN-INTERNAL-111")
    triase.tambah_catatan(pengaduan=p, oleh=staf_malang, teks="CATATAN-PUBLIK-222", publik=True)
    transisi.ubah_status(
        pengaduan=p,
        ke=Status.PERLU_PERBAIKAN,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=staf_malang,
        alasan="ALASAN-INTERNAL-333",
        pesan_pelapor="PESAN-PELAPOR-444: lampirkan tangkapan layar.",
    )
    client.force_login(staf_malang)
    r = client.get(url("pemberitahuan", p))
    assert a4(r.content)
    t = teks_pdf(r.content)
    assert "PEMBERITAHUAN TENTANG STATUS LAPORAN" in t
    assert "Perlu dilengkapi oleh pelapor" in t and "PESAN-PELAPOR-444" in t and "CATATAN-PUBLIK-222" in t
    assert "Belum diregistrasi" in t and "Nomor 9 Tahun 2024" in t
    assert "INTERNAL" not in t
    assert "Warga Uji" not in t and NIK_SAH not in t
    assert "KABUPATEN MALANG" in t


def test_pemberitahuan_memuat_nomor_registrasi(client, staf_malang, kasus):
    p, _ = kasus
    bawa_ke_status(p, Status.DIREGISTRASI)
    p.refresh_from_db()
    client.force_login(staf_malang)
    t = teks_pdf(client.get(url("pemberitahuan", p)).content)
    assert p.nomor_registrasi in t and "Diregistrasi" in t


# --- Sending the notice -------------------------------------------------------------------------------


def buka_lacak(client, kode):
    return client.post(reverse("pengaduan:lacak"), {"aksi": "cari", "kode": kode})


def test_kirim_pemberitahuan_ke_pelapor(client, staf_malang, kasus, django_capture_on_commit_callbacks):
    p, kode = kasus
    warga = client.__class__()
    buka_lacak(warga, kode)
    assert warga.get(reverse("pengaduan:lacak_pemberitahuan")).status_code == 302  # nothing sent yet
    assert "Unduh pemberitahuan status" not in warga.get(reverse("pengaduan:lacak")).content.decode()

    client.force_login(staf_malang)
    aksi = reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "pemberitahuan"])
    halaman = client.get(aksi)
    assert halaman.status_code == 200 and "Pemberitahuan status dikirim" in halaman.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(aksi, {"versi": p.versi})
        client.post(aksi, {"versi": p.versi})  # a double click
    assert r.status_code == 302
    assert PemberitahuanStatus.objects.filter(pengaduan=p).count() == 1
    n = Notifikasi.objects.get(pengaduan=p, jenis="pemberitahuan_status")
    assert n.email == "pelapor@contoh.id" and p.kode_akhir in n.isi_teks and "/lacak/" in n.isi_teks
    for rinci in ("Pejabat Uji", "grup pegawai", "Warga Uji", kode):
        assert rinci not in n.isi_teks + n.isi_html + n.subjek
    assert len([m for m in mail.outbox if m.to == ["pelapor@contoh.id"]]) == 1
    assert LogAudit.objects.filter(aksi=Aksi.UBAH_PENGADUAN, pengaduan=p, keterangan__contains="Pemberitahuan").exists()
    kasus_halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "Pemberitahuan terkirim" in kasus_halaman

    lacak = warga.get(reverse("pengaduan:lacak")).content.decode()
    assert "Pemberitahuan status dikirim" in lacak and "Unduh pemberitahuan status (PDF)" in lacak
    r = warga.get(reverse("pengaduan:lacak_pemberitahuan"))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and "no-store" in r["Cache-Control"]
    t = teks_pdf(r.content)
    assert "Diterima, menunggu kajian awal" in t and "Pemberitahuan status dikirim" in t and "Warga Uji" not in t
    # Another browser without the code gets nothing.
    assert client.__class__().get(reverse("pengaduan:lacak_pemberitahuan")).status_code == 302


def test_kirim_pemberitahuan_tanpa_email_tidak_mengirim_surel(client, staf_malang):
    p, _ = buat_pengaduan(email="")
    client.force_login(staf_malang)
    client.post(reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "pemberitahuan"]), {"versi": p.versi})
    assert PemberitahuanStatus.objects.filter(pengaduan=p, surel=False).count() == 1
    assert not Notifikasi.objects.filter(jenis="pemberitahuan_status").exists()


# --- Scope: every document URL, every role outside the case --------------------------------------------


def test_dokumen_404_di_luar_lingkup(client, kasus):
    p, kode = kasus
    bawa_ke_status(p, Status.DITERUSKAN)
    instansi = Instansi.objects.get(singkatan="BKN")
    luar = [
        buat_staf(Peran.BAWASLU_KABKOTA, "32.73"),  # another region
        buat_staf(Peran.BAWASLU_KABKOTA, "35.11"),  # a neighbouring kabupaten
        buat_staf(Peran.BAWASLU_PROVINSI, "32"),
        buat_peninjau(instansi),  # the agency the case was forwarded to: never the identity
        buat_staf(Peran.PEMDA, "35.07"),
    ]
    for user in luar:
        client.force_login(user)
        for nama in NAMA_URL:
            assert client.get(url(nama, p)).status_code == 404, (user, nama)
        assert client.post(url("tanda_terima", p), {"kode": kode}).status_code == 404
        aksi = reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "pemberitahuan"])
        assert client.post(aksi, {"versi": p.versi}).status_code == 404
    assert not PemberitahuanStatus.objects.exists()
    assert not LogAudit.objects.filter(aksi=Aksi.LIHAT_IDENTITAS).exists()
    client.logout()
    for nama in NAMA_URL:
        r = client.get(url(nama, p))
        assert r.status_code == 302 and "/login/" in r["Location"]
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert client.get(reverse("admin:pengaduan_pengaduan_formulir", args=[999999])).status_code == 404
    assert client.post(url("formulir", p)).status_code == 405


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(versi=st.one_of(st.text(max_size=40), st.integers().map(str)))
def test_formulir_kirim_pemberitahuan_menolak_versi_sembarang_tanpa_500(client, staf_malang, kasus, versi):
    p, _ = kasus
    p.refresh_from_db()
    client.force_login(staf_malang)
    r = client.post(reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "pemberitahuan"]), {"versi": versi})
    if versi.strip() == str(p.versi):
        assert r.status_code == 302
    else:
        assert r.status_code == 400 and PemberitahuanStatus.objects.filter(pengaduan=p).count() <= 1


def test_jumlah_query_formulir_tidak_bergantung_pada_banyaknya_baris(client, staf_malang):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    satu, _ = buat_pengaduan()
    terlapor = [
        {"nama": f"Pejabat {i}", "nip": "", "jabatan": "Staf", "instansi_teks": "Dinas", "jenis_asn": "pns"}
        for i in range(8)
    ]
    saksi = [{"nama": f"Saksi {i}", "kontak": "0812", "keterangan": "melihat"} for i in range(8)]
    banyak, _ = buat_pengaduan(terlapor=terlapor, saksi=saksi, tautan=[f"https://contoh.id/{i}" for i in range(8)])
    client.force_login(staf_malang)
    client.get(url("formulir", satu))  # the session and the permission cache, read once per login
    hitung = []
    for p in (satu, banyak):
        with CaptureQueriesContext(connection) as q:
            assert client.get(url("formulir", p)).status_code == 200
        hitung.append(len(q))
    assert hitung[0] == hitung[1], hitung
