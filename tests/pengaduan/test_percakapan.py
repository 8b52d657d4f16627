"""The conversation between the reporter (/lacak/) and the handling office (the case page): both
directions, files through the upload checks, notifications on both sides, the unread filter, and
the agency's reviewers who never read any of it."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Instansi, Peran
from netralitas.audit.models import Aksi, LogAudit
from pengaduan.bukti import simpan_unggahan_sementara
from pengaduan.models import (
    ArahPesan,
    Bukti,
    CatatanPengaduan,
    LampiranPesan,
    Notifikasi,
    Pesan,
    SalinanBukti,
    Status,
)
from pengaduan.pelaporan import services as pelaporan
from pengaduan.tindak_lanjut import services as tindak_lanjut
from pengaduan.triase import services as triase
from tests.factories import (
    bawa_ke_status,
    buat_pengaduan,
    buat_peninjau,
    buat_staf,
    data_rekomendasi,
    jpeg,
)
from tests.pengaduan.test_lacak import masuk

pytestmark = pytest.mark.django_db
URL = "/lacak/"


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu-malang", first_name="Rina")


@pytest.fixture
def kasus(staf):
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", email="pelapor@contoh.id")
    return p, kode


def kirim(client, teks="", berkas=(), **lain):
    data = {"aksi": "pesan", "pesan-teks": teks, "pesan-berkas": list(berkas)}
    return client.post(URL, {**data, **{f"pesan-{k}": v for k, v in lain.items()}})


def tindakan(p, aksi="pesan"):
    return reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, aksi])


def halaman_kasus(p):
    return reverse("admin:pengaduan_pengaduan_change", args=[p.pk])


# --- The reporter writes ---------------------------------------------------------------------------


def test_pelapor_mengirim_pesan_dengan_foto_staf_kantor_diberi_tahu(client, kasus, staf):
    p, kode = kasus
    masuk(client, kode)
    r = kirim(client, "Terlapor mengunggah lagi pagi ini.", [jpeg(nama="layar-baru.jpg")])
    assert r.status_code == 302 and r["Location"] == URL + "#percakapan"
    assert kode not in r["Location"]
    pesan = Pesan.objects.get(pengaduan=p)
    assert (pesan.arah, pesan.teks, pesan.penulis, pesan.dibaca_pada) == (
        ArahPesan.DARI_PELAPOR,
        "Terlapor mengunggah lagi pagi ini.",
        None,
        None,
    )
    lampiran = LampiranPesan.objects.get(pesan=pesan)
    assert lampiran.nama_asli == "layar-baru.jpg" and lampiran.jenis == "foto"
    assert re.fullmatch(r"[0-9a-f]{64}", lampiran.sha256)
    # Not evidence: the agency's copies are made of evidence only.
    assert not Bukti.objects.filter(pengaduan=p, nama_asli="layar-baru.jpg").exists()
    n = Notifikasi.objects.get(pengaduan=p, jenis="pesan_pelapor", penerima=staf)
    assert n.tautan == halaman_kasus(p) + "#percakapan"
    assert "Terlapor mengunggah" not in n.isi_teks + n.isi_html + n.subjek
    html = client.get(URL).content.decode()
    assert "Pesan Anda sudah terkirim" in html
    assert "Terlapor mengunggah lagi pagi ini." in html and "layar-baru.jpg" in html


def test_pesan_bisa_hanya_berkas_tetapi_tidak_kosong(client, kasus):
    p, kode = kasus
    masuk(client, kode)
    r = kirim(client, "   ")
    assert r.status_code == 400 and "Tulis pesan atau lampirkan berkas." in r.content.decode()
    assert kirim(client, "", [jpeg()]).status_code == 302
    assert Pesan.objects.get(pengaduan=p).teks == ""


@pytest.mark.parametrize(
    "berkas, pesan_galat",
    [
        (SimpleUploadedFile("kosong.jpg", b""), "Berkas kosong"),
        (SimpleUploadedFile("a.jpg", b"<html><script>alert(1)</script></html>"), "Isi berkas tidak dikenali"),
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4 terpotong"), "PDF tidak utuh"),
    ],
)
def test_berkas_buruk_ditolak_dengan_pesan_dan_teks_tetap(client, kasus, berkas, pesan_galat):
    p, kode = kasus
    masuk(client, kode)
    r = kirim(client, "Teks saya tetap.", [berkas])
    html = r.content.decode()
    assert r.status_code == 400 and pesan_galat in html
    assert r.context["form_pesan"]["teks"].value() == "Teks saya tetap."
    assert not Pesan.objects.filter(pengaduan=p).exists()


def test_berkas_terlalu_besar_ditolak(client, kasus, settings):
    settings.BUKTI_MAKS_UKURAN_MB = 1
    p, kode = kasus
    masuk(client, kode)
    r = kirim(client, "besar", [SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10) + b"%%EOF")])
    assert r.status_code == 400 and "Berkas terlalu besar" in r.content.decode()
    assert not Pesan.objects.exists()


def test_berkas_yang_sudah_diterima_disimpan_saat_isian_lain_salah(client, kasus):
    p, kode = kasus
    masuk(client, kode)
    r = kirim(client, "x" * 4001, [jpeg(nama="simpan.jpg")])
    assert r.status_code == 400 and "4000" in r.content.decode().replace(".", "")
    token = [u.token for u in r.context["unggahan_pesan"]]
    assert len(token) == 1 and "simpan.jpg" in r.content.decode()
    r = client.post(URL, {"aksi": "pesan", "pesan-teks": "lebih pendek", "unggahan": token})
    assert r.status_code == 302
    assert LampiranPesan.objects.get(pesan__pengaduan=p).nama_asli == "simpan.jpg"


def test_skrip_disimpan_apa_adanya_dan_di_escape_di_kedua_sisi(client, kasus, staf):
    p, kode = kasus
    masuk(client, kode)
    jahat = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    assert kirim(client, jahat).status_code == 302
    assert Pesan.objects.get(pengaduan=p).teks == jahat
    html = client.get(URL).content.decode()
    assert jahat not in html and escape(jahat) in html
    admin = Client()
    admin.force_login(staf)
    html = admin.get(halaman_kasus(p)).content.decode()
    assert jahat not in html and "&lt;script&gt;alert(" in html


@pytest.mark.parametrize("tulis", [str, str.lower, lambda k: k.replace("-", " "), lambda k: k.replace("-", "")])
def test_pesan_yang_memuat_kode_pelacakan_tidak_disimpan(client, kasus, tulis):
    p, kode = kasus
    masuk(client, kode)
    r = kirim(client, f"Kode saya {tulis(kode)}, mohon dicek.")
    assert r.status_code == 400 and "memuat kode pelacakan" in r.content.decode()
    assert not Pesan.objects.exists()
    # Another case's code, or sixteen letters that are no code of this case, pass.
    _, kode_lain = buat_pengaduan(wilayah="35.07.13.1007")
    assert kirim(client, f"Laporan teman saya {kode_lain}; ABCDEFGHJKMNPQRS").status_code == 302


def test_honeypot_menolak_tanpa_menyimpan(client, kasus):
    p, kode = kasus
    masuk(client, kode)
    r = kirim(client, "Pesan dari robot", situs_web="http://spam.example")
    assert r.status_code == 400 and "Formulir tidak dapat diproses" in r.content.decode()
    assert not Pesan.objects.exists()


def test_pesan_dibatasi_per_alamat_dengan_isian_tetap(client, kasus, settings):
    settings.RATELIMIT_PESAN = "2/m"
    p, kode = kasus
    masuk(client, kode)
    assert kirim(client, "satu").status_code == 302
    assert kirim(client, "dua").status_code == 302
    r = kirim(client, "tiga tetap ada")
    assert r.status_code == 429
    assert "Terlalu banyak pesan" in r.content.decode()
    assert r.context["form_pesan"]["teks"].value() == "tiga tetap ada"
    assert Pesan.objects.filter(pengaduan=p).count() == 2


def test_pesan_dibatasi_per_kasus_dari_alamat_mana_pun(kasus, settings):
    settings.RATELIMIT_PESAN_KASUS = "2/h"
    p, kode = kasus
    hasil = []
    for i in range(3):
        c = Client(REMOTE_ADDR=f"10.0.0.{i + 1}")
        masuk(c, kode)
        hasil.append(kirim(c, f"dari alamat {i}").status_code)
    assert hasil == [302, 302, 429]
    lain, kode_lain = buat_pengaduan(wilayah="35.07.13.1007")
    c = Client(REMOTE_ADDR="10.0.0.9")
    masuk(c, kode_lain)
    assert kirim(c, "kasus lain tidak terhitung").status_code == 302


def test_pesan_ke_kasus_yang_ditutup_ditolak_dengan_jelas(client, kasus):
    p, kode = kasus
    masuk(client, kode)
    pelaporan.cabut_pengaduan(pengaduan=p)
    html = client.get(URL).content.decode()
    assert 'id="form-pesan"' not in html and 'id="pesan-ditutup"' in html
    r = kirim(client, "Masih mau menambahkan.")
    assert r.status_code == 400
    assert "sudah selesai ditangani" in r.content.decode()
    assert not Pesan.objects.exists()


def test_pesan_selama_perlu_perbaikan_tidak_menggantikan_kelengkapan(client, kasus):
    from tests.pengaduan.test_lacak import minta_perbaikan

    p, kode = kasus
    minta_perbaikan(p)
    masuk(client, kode)
    assert kirim(client, "Apa maksudnya tangkapan layar?").status_code == 302
    p.refresh_from_db()
    assert p.status == Status.PERLU_PERBAIKAN
    html = client.get(URL).content.decode()
    assert "Kirim kelengkapan" in html and "Kirim pesan" in html


# --- Staff answer -------------------------------------------------------------------------------------


def test_staf_menjawab_pelapor_membaca_email_tanpa_isi(client, kasus, staf, django_capture_on_commit_callbacks):
    p, kode = kasus
    admin = Client()
    admin.force_login(staf)
    assert "Kirim pesan ke pelapor" in admin.get(halaman_kasus(p)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = admin.post(
            tindakan(p), {"versi": p.versi, "teks": "Terima kasih, kami sedang menelusurinya.", "audiens": "pelapor"}
        )
    assert r.status_code == 302
    pesan = Pesan.objects.get(pengaduan=p)
    assert (pesan.arah, pesan.penulis) == (ArahPesan.KEPADA_PELAPOR, staf)
    assert LogAudit.objects.filter(pengaduan=p, aksi=Aksi.KIRIM_PESAN, aktor=staf).exists()
    surat = [m for m in mail.outbox if m.to == ["pelapor@contoh.id"]]
    assert len(surat) == 1
    isi = surat[0].subject + surat[0].body
    assert p.kode_akhir in isi and "/lacak/" in isi
    assert "menelusurinya" not in isi and "Rina" not in isi and kode not in isi
    masuk(client, kode)
    html = client.get(URL).content.decode()
    assert "Terima kasih, kami sedang menelusurinya." in html
    assert "Rina" not in html  # the reporter reads "Bawaslu", never the officer's name


def test_tanpa_email_tidak_ada_surat_untuk_pelapor(staf):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007", email="")
    triase.kirim_pesan_ke_pelapor(pengaduan=p, oleh=staf, teks="Halo")
    assert not Notifikasi.objects.filter(pengaduan=p, jenis="pesan_bawaslu").exists()
    q, _ = buat_pengaduan(wilayah="35.07.13.1007", sumber="informasi_awal")
    triase.kirim_pesan_ke_pelapor(pengaduan=q, oleh=staf, teks="Halo")
    assert not Notifikasi.objects.filter(pengaduan=q, jenis="pesan_bawaslu").exists()


def test_catatan_internal_tetap_internal_dan_tidak_tampil_di_percakapan(client, kasus, staf):
    p, kode = kasus
    admin = Client()
    admin.force_login(staf)
    admin.post(tindakan(p, "catatan"), {"versi": p.versi, "teks": "INTERNAL-SAJA", "audiens": "internal"})
    assert CatatanPengaduan.objects.filter(pengaduan=p, teks="INTERNAL-SAJA").exists()
    assert not Pesan.objects.exists()
    masuk(client, kode)
    assert "INTERNAL-SAJA" not in client.get(URL).content.decode()


def test_pesan_staf_kosong_atau_ke_kasus_tertutup_ditolak_isian_tetap(kasus, staf):
    p, _ = kasus
    admin = Client()
    admin.force_login(staf)
    r = admin.post(tindakan(p), {"versi": p.versi, "teks": "   ", "audiens": "pelapor"})
    assert r.status_code == 400
    pelaporan.cabut_pengaduan(pengaduan=p)
    p.refresh_from_db()
    r = admin.post(tindakan(p, "catatan"), {"versi": p.versi, "teks": "Pesan penutup", "audiens": "pelapor"})
    assert r.status_code == 400 and "sudah ditutup" in r.content.decode()
    assert "Pesan penutup" in r.content.decode()
    assert "Kirim pesan ke pelapor" not in admin.get(halaman_kasus(p)).content.decode()
    assert admin.get(tindakan(p)).status_code == 400  # offered from open statuses only
    assert not Pesan.objects.exists()


def test_hanya_staf_yang_boleh_menangani_yang_mengirim(kasus):
    p, _ = kasus
    c = Client()
    tanpa_izin = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    tanpa_izin.groups.clear()
    tanpa_izin.user_permissions.add(Permission.objects.get(codename="view_pengaduan"))
    tanpa_izin = type(tanpa_izin).objects.get(pk=tanpa_izin.pk)
    c.force_login(tanpa_izin)
    r = c.post(tindakan(p), {"versi": p.versi, "teks": "Halo", "audiens": "pelapor"})
    assert r.status_code == 403  # in scope: the case is no secret to them, the action is
    assert c.get(halaman_kasus(p)).status_code == 200
    assert "Kirim pesan ke pelapor" not in c.get(halaman_kasus(p)).content.decode()
    assert not Pesan.objects.exists()


# --- Unread: the notification, the list filter, the case page ----------------------------------------


def test_filter_belum_dibaca_dan_membuka_halaman_menandai_dibaca(kasus, staf):
    p, _ = kasus
    buat_pengaduan(wilayah="35.07.13.1007")  # a case without messages stays out of the filter
    pelaporan.kirim_pesan_pelapor(pengaduan=p, teks="Ada info baru", unggahan=[])
    admin = Client()
    admin.force_login(staf)
    daftar = reverse("admin:pengaduan_pengaduan_changelist")
    r = admin.get(daftar, {"pesan": "belum_dibaca"})
    assert [x.pk for x in r.context["cl"].result_list] == [p.pk]
    assert "Ada pesan belum dibaca" in r.content.decode()

    # A province supervisor looking in leaves it unread for the office.
    provinsi = Client()
    provinsi.force_login(buat_staf(Peran.BAWASLU_PROVINSI, "35"))
    assert provinsi.get(halaman_kasus(p)).status_code == 200
    assert Pesan.objects.get(pengaduan=p).dibaca_pada is None

    html = admin.get(halaman_kasus(p)).content.decode()
    assert "(baru)" in html  # the page shows what was new to the reader
    pesan = Pesan.objects.get(pengaduan=p)
    assert pesan.dibaca_pada is not None and pesan.dibaca_oleh == staf
    assert LogAudit.objects.filter(pengaduan=p, aksi=Aksi.BACA_PESAN, aktor=staf).exists()
    assert list(admin.get(daftar, {"pesan": "belum_dibaca"}).context["cl"].result_list) == []
    assert "(baru)" not in admin.get(halaman_kasus(p)).content.decode()


def test_pesan_pelapor_muncul_di_notifikasi_staf_kantor_dan_petugas_yang_ditugaskan(kasus, staf):
    p, _ = kasus
    petugas = buat_staf(Peran.BAWASLU_PROVINSI, "35", username="petugas-prov")
    triase.tugaskan(pengaduan=p, kepada=petugas, oleh=petugas)
    pelaporan.kirim_pesan_pelapor(pengaduan=p, teks="Halo", unggahan=[])
    penerima = set(Notifikasi.objects.filter(pengaduan=p, jenis="pesan_pelapor").values_list("penerima", flat=True))
    assert penerima == {staf.pk, petugas.pk}
    admin = Client()
    admin.force_login(staf)
    assert "Pelapor mengirim pesan" in admin.get(reverse("admin:notifikasi_saya")).content.decode()
    n = Notifikasi.objects.get(pengaduan=p, jenis="pesan_pelapor", penerima=staf)
    r = admin.get(reverse("admin:notifikasi_buka", args=[n.pk]))
    assert r.status_code == 302 and r["Location"] == f"{halaman_kasus(p)}#percakapan"


def test_halaman_lacak_dengan_banyak_pesan_jumlah_kuerinya_tetap(client, kasus, staf, django_assert_max_num_queries):
    p, kode = kasus
    masuk(client, kode)
    kirim(client, "satu", [jpeg()])
    with django_assert_max_num_queries(40) as awal:
        client.get(URL)
    for i in range(4):
        triase.kirim_pesan_ke_pelapor(pengaduan=p, oleh=staf, teks=f"jawaban {i}")
        pelaporan.kirim_pesan_pelapor(pengaduan=p, teks=f"balasan {i}", unggahan=[])
    with django_assert_max_num_queries(len(awal.captured_queries)):
        client.get(URL)


# --- Scope: nobody else reads the conversation ------------------------------------------------------


@pytest.fixture
def kasus_diteruskan_dengan_pesan(staf):
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", email="pelapor@contoh.id", unggahan=[jpeg(nama="bukti.jpg")])
    pesan = pelaporan.kirim_pesan_pelapor(
        pengaduan=p,
        teks="PESAN-PELAPOR-RAHASIA",
        unggahan=[simpan_unggahan_sementara(berkas=jpeg(nama="lampiran-rahasia.jpg"))],
    )
    triase.kirim_pesan_ke_pelapor(pengaduan=p, oleh=staf, teks="JAWABAN-BAWASLU-RAHASIA")
    bawa_ke_status(p, Status.KLARIFIKASI)
    malang = Instansi.objects.get(wilayah_id="35.07")
    tindak_lanjut.teruskan(pengaduan=p, peran=Peran.BAWASLU_KABKOTA, oleh=staf, **data_rekomendasi(instansi=[malang]))
    return p, pesan.lampiran.get(), buat_peninjau(malang, username="peninjau-malang")


def test_peninjau_instansi_tidak_pernah_melihat_pesan_maupun_lampirannya(client, kasus_diteruskan_dengan_pesan):
    p, lampiran, peninjau = kasus_diteruskan_dengan_pesan
    # Only evidence is copied for the agency; the message's file is not evidence.
    assert list(SalinanBukti.objects.filter(bukti__pengaduan=p).values_list("bukti__nama_asli", flat=True)) == [
        "bukti.jpg"
    ]
    client.force_login(peninjau)
    halaman = [
        reverse("admin:pengaduan_kasusinstansi_changelist"),
        reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk]),
        reverse("admin:pengaduan_kasusinstansi_surat", args=[p.pk]),
        *(
            reverse("admin:pengaduan_kasusinstansi_tindakan", args=[p.pk, aksi])
            for aksi in ("pemeriksaan", "tidak-terbukti", "sanksi", "keberatan", "putusan-keberatan", "selesai")
        ),
        *(
            reverse("admin:pengaduan_kasusinstansi_salinan", args=[p.pk, s.pk])
            for s in SalinanBukti.objects.filter(bukti__pengaduan=p)
        ),
        reverse("admin:notifikasi_saya"),
    ]
    for url in halaman:
        r = client.get(url)
        isi = b"".join(r.streaming_content) if r.streaming else r.content
        for rahasia in (b"PESAN-PELAPOR-RAHASIA", b"JAWABAN-BAWASLU-RAHASIA", b"lampiran-rahasia", b"percakapan"):
            assert rahasia not in isi, (url, rahasia)
    # Bawaslu's surfaces answer 404, never 403: not even the existence of the message is told.
    for url in (
        reverse("admin:pengaduan_lampiranpesan_unduh", args=[lampiran.pk]),
        halaman_kasus(p),
        tindakan(p),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "peran, wilayah",
    [
        (Peran.BAWASLU_KABKOTA, "32.73"),
        (Peran.BAWASLU_KABKOTA, "35.73"),
        (Peran.PANWASCAM, "35.07.01"),
        (Peran.BAWASLU_PROVINSI, "32"),
        (Peran.PEMDA, "35.07"),
    ],
)
def test_staf_di_luar_lingkup_mendapat_404_di_setiap_alamat_baru(kasus_diteruskan_dengan_pesan, peran, wilayah):
    p, lampiran, _ = kasus_diteruskan_dengan_pesan
    c = Client()
    c.force_login(buat_staf(peran, wilayah))
    for url in (reverse("admin:pengaduan_lampiranpesan_unduh", args=[lampiran.pk]), tindakan(p), halaman_kasus(p)):
        assert c.get(url).status_code == 404, url
        assert c.post(url, {"versi": 1, "teks": "x", "audiens": "pelapor"}).status_code == 404, url
    assert Pesan.objects.filter(pengaduan=p).count() == 2


def test_staf_kantor_mengunduh_lampiran_tercatat_di_audit(kasus_diteruskan_dengan_pesan, staf):
    p, lampiran, _ = kasus_diteruskan_dengan_pesan
    c = Client()
    c.force_login(staf)
    r = c.get(reverse("admin:pengaduan_lampiranpesan_unduh", args=[lampiran.pk]))
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert LogAudit.objects.filter(pengaduan=p, aksi=Aksi.UNDUH_LAMPIRAN_PESAN, aktor=staf).exists()


def test_pelapor_tidak_bisa_membaca_percakapan_kasus_lain(client, kasus):
    p, kode = kasus
    pelaporan.kirim_pesan_pelapor(pengaduan=p, teks="MILIK-KASUS-PERTAMA", unggahan=[])
    lain, kode_lain = buat_pengaduan(wilayah="35.07.13.1007")
    masuk(client, kode_lain)
    assert "MILIK-KASUS-PERTAMA" not in client.get(URL).content.decode()
    assert kirim(client, "untuk kasus kedua").status_code == 302
    assert Pesan.objects.filter(pengaduan=lain).count() == 1
    # Without an open case, a message posted is a lookup that fails: nothing is written.
    kosong = Client()
    r = kirim(kosong, "tanpa kode")
    assert r.status_code == 400 and Pesan.objects.count() == 2


# --- Whatever is posted --------------------------------------------------------------------------------


TEKS_ACAK = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    teks=st.one_of(TEKS_ACAK, st.text(min_size=4001, max_size=4100, alphabet="ab\n<>")),
    madu=st.sampled_from(["", "", "http://spam"]),
    berkas=st.sampled_from([None, b"", b"GIF89a", b"%PDF-1.4\n%%EOF", b"\xff\xd8\xff\xe0garbage"]),
    unggahan=st.lists(st.text(max_size=50), max_size=3),
)
def test_formulir_pesan_pelapor_tahan_isian_liar(teks, madu, berkas, unggahan):
    """Whatever is posted, the reporter gets the page back with a message and their text, or the
    message is sent: never a 500, never a message with a honeypot filled."""
    p, kode = buat_pengaduan(wilayah="35.07.13.1007")
    c = Client()
    masuk(c, kode)
    data = {"aksi": "pesan", "pesan-teks": teks, "pesan-situs_web": madu, "unggahan": unggahan}
    if berkas is not None:
        data["pesan-berkas"] = [SimpleUploadedFile("x.jpg", berkas)]
    r = c.post(URL, data)
    assert r.status_code in (302, 400, 429)
    if r.status_code == 302:
        assert not madu
        assert Pesan.objects.filter(pengaduan=p).count() == 1
    else:
        assert not Pesan.objects.filter(pengaduan=p).exists()
        assert r.context["form_pesan"]["teks"].value() == teks  # the entry comes back
