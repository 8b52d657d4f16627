"""/lacak/: status by tracking code, completion on request, withdrawal; the code never in a URL."""

import re

import pytest

from netralitas.akun.models import Peran
from pengaduan import transisi, workflow
from pengaduan.models import Bukti, Kelengkapan, Status
from pengaduan.triase import services as triase
from tests.factories import buat_pengaduan, jpeg

pytestmark = pytest.mark.django_db
URL = "/lacak/"


def masuk(client, kode):
    return client.post(URL, {"aksi": "cari", "kode": kode})


def minta_perbaikan(p, alasan="Lampirkan tangkapan layar unggahan beserta tanggalnya."):
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    transisi.ubah_status(pengaduan=p, ke=Status.PERLU_PERBAIKAN, peran=Peran.BAWASLU_KABKOTA, pesan_pelapor=alasan)


def test_kode_yang_benar_menampilkan_status_publik_dan_linimasa(client):
    p, kode = buat_pengaduan()
    r = masuk(client, kode)
    assert r.status_code == 302 and r["Location"] == URL
    assert kode not in r["Location"]
    halaman = client.get(URL)
    assert halaman.context["pengaduan"].pk == p.pk
    assert halaman.context["status_publik"] == workflow.LABEL_PUBLIK[Status.DIAJUKAN]
    assert [e.ke_status for e in halaman.context["linimasa"]] == [Status.DIAJUKAN]
    assert halaman["Cache-Control"].startswith("no-store")
    assert halaman["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "ubah", [str.lower, lambda k: k.replace("-", " "), lambda k: k.replace("-", ""), lambda k: f"  {k}  "]
)
def test_kode_dinormalkan_sebelum_dicari(client, ubah):
    p, kode = buat_pengaduan()
    assert masuk(client, ubah(kode)).status_code == 302
    assert client.get(URL).context["pengaduan"].pk == p.pk


def test_kode_salah_memberi_pesan_yang_jelas_dan_isian_kembali(client):
    buat_pengaduan()
    r = masuk(client, "AAAA-BBBB-CCCC-DDDD")
    assert r.status_code == 400
    assert "Kode tidak dikenali" in r.content.decode()
    assert r.context["form"]["kode"].value() == "AAAA-BBBB-CCCC-DDDD"
    r = masuk(client, "pendek")
    assert "16 huruf dan angka" in r.content.decode()


def test_pencarian_dibatasi_per_alamat_dengan_pesan(client, settings):
    settings.RATELIMIT_LACAK = "3/m"
    for _ in range(3):
        assert masuk(client, "AAAA-BBBB-CCCC-DDDD").status_code == 400
    r = masuk(client, "AAAA-BBBB-CCCC-DDDD")
    assert r.status_code == 429
    assert "Terlalu banyak percobaan" in r.content.decode()


def test_batas_dihitung_per_alamat_klien_bukan_global(client, settings):
    settings.RATELIMIT_LACAK = "1/m"
    assert client.post(URL, {"aksi": "cari", "kode": "x"}, REMOTE_ADDR="10.0.0.1").status_code == 400
    assert client.post(URL, {"aksi": "cari", "kode": "x"}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(URL, {"aksi": "cari", "kode": "x"}, REMOTE_ADDR="10.0.0.2").status_code == 400


def test_header_proxy_diabaikan_kecuali_proxy_dipercaya(client, settings):
    settings.RATELIMIT_LACAK = "1/m"
    masuk(client, "x")
    r = client.post(URL, {"aksi": "cari", "kode": "x"}, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert r.status_code == 429
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    r = client.post(URL, {"aksi": "cari", "kode": "x"}, HTTP_X_FORWARDED_FOR="9.9.9.9, 5.6.7.8")
    assert r.status_code == 400


def test_pelapor_melihat_permintaan_lalu_melengkapi_dengan_teks_dan_berkas(client):
    p, kode = buat_pengaduan()
    minta_perbaikan(p)
    masuk(client, kode)
    halaman = client.get(URL)
    assert "Lampirkan tangkapan layar" in halaman.content.decode()
    r = client.post(
        URL, {"aksi": "lengkapi", "teks": "Berikut tangkapan layarnya.", "berkas": [jpeg(nama="layar.jpg")]}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.KAJIAN_AWAL
    k = Kelengkapan.objects.get(pengaduan=p)
    assert k.teks == "Berikut tangkapan layarnya."
    assert Bukti.objects.get(kelengkapan=k).nama_asli == "layar.jpg"


def test_kelengkapan_kosong_ditolak(client):
    p, kode = buat_pengaduan()
    minta_perbaikan(p)
    masuk(client, kode)
    r = client.post(URL, {"aksi": "lengkapi", "teks": ""})
    assert r.status_code == 400
    assert "Isi keterangan atau lampirkan berkas" in r.content.decode()


def test_berkas_berbahaya_pada_kelengkapan_ditolak_dan_teks_tetap(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p, kode = buat_pengaduan()
    minta_perbaikan(p)
    masuk(client, kode)
    r = client.post(URL, {"aksi": "lengkapi", "teks": "teks saya", "berkas": [SimpleUploadedFile("a.jpg", b"<html>")]})
    assert r.status_code == 400
    assert r.context["form_kelengkapan"]["teks"].value() == "teks saya"
    p.refresh_from_db()
    assert p.status == Status.PERLU_PERBAIKAN


def test_melengkapi_saat_tidak_diminta_tidak_mengubah_apa_pun(client):
    p, kode = buat_pengaduan()
    masuk(client, kode)
    client.post(URL, {"aksi": "lengkapi", "teks": "tambahan"})
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN
    assert not Kelengkapan.objects.exists()


def test_pelapor_dapat_mencabut_sebelum_registrasi(client):
    p, kode = buat_pengaduan()
    masuk(client, kode)
    r = client.post(URL, {"aksi": "cabut", "yakin": "on", "alasan": "Salah lapor"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DICABUT


def test_pencabutan_perlu_konfirmasi(client):
    p, kode = buat_pengaduan()
    masuk(client, kode)
    assert client.post(URL, {"aksi": "cabut"}).status_code == 400
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN


def test_laporan_yang_sudah_diregistrasi_tidak_dapat_dicabut(client):
    p, kode = buat_pengaduan()
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    transisi.ubah_status(pengaduan=p, ke=Status.DIREGISTRASI, peran=Peran.BAWASLU_KABKOTA)
    masuk(client, kode)
    assert not client.get(URL).context["boleh_dicabut"]
    client.post(URL, {"aksi": "cabut", "yakin": "on"})
    p.refresh_from_db()
    assert p.status == Status.DIREGISTRASI


def test_catatan_internal_tidak_tampil_bagi_pelapor(client):
    p, kode = buat_pengaduan()
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    transisi.ubah_status(
        pengaduan=p, ke=Status.DIREGISTRASI, peran=Peran.BAWASLU_KABKOTA, alasan="ALASAN-INTERNAL-RAHASIA"
    )
    transisi.ubah_status(pengaduan=p, ke=Status.KLARIFIKASI, peran=Peran.BAWASLU_KABKOTA)
    triase.tambah_catatan(pengaduan=p, oleh=None, teks="CATATAN-INTERNAL-RAHASIA", publik=False)
    masuk(client, kode)
    html = client.get(URL).content.decode()
    assert "CATATAN-INTERNAL-RAHASIA" not in html and "ALASAN-INTERNAL-RAHASIA" not in html


def test_keluar_menghapus_akses_dari_sesi(client):
    _, kode = buat_pengaduan()
    masuk(client, kode)
    client.post(URL, {"aksi": "keluar"})
    assert "pengaduan" not in client.get(URL).context


def test_akses_lacak_kedaluwarsa(client, monkeypatch):
    import time

    _, kode = buat_pengaduan()
    masuk(client, kode)
    sekarang = time.time()
    monkeypatch.setattr(time, "time", lambda: sekarang + 31 * 60)
    assert "pengaduan" not in client.get(URL).context


def test_teks_berisi_script_ditampilkan_ter_escape(client):
    p, kode = buat_pengaduan()
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    transisi.ubah_status(
        pengaduan=p, ke=Status.PERLU_PERBAIKAN, peran=Peran.BAWASLU_KABKOTA, pesan_pelapor="<script>alert(1)</script>"
    )
    masuk(client, kode)
    halaman = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in halaman
    assert "&lt;script&gt;" in halaman


def test_email_pelapor_saat_status_publik_berubah_hanya_memuat_empat_karakter_terakhir(
    mailoutbox, django_capture_on_commit_callbacks
):
    p, kode = buat_pengaduan(email="pelapor@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    assert len(mailoutbox) == 1
    isi = mailoutbox[0].body + mailoutbox[0].subject
    assert kode[-4:] in isi
    assert kode not in isi and kode.replace("-", "") not in isi and kode[:9] not in isi
    assert mailoutbox[0].extra_headers["Message-ID"].startswith("<notifikasi-")


def test_akses_lacak_token_baru_tiap_pencarian_tanpa_menulis_sesi_ke_basis_data(client, django_assert_max_num_queries):
    _, kode = buat_pengaduan()
    with django_assert_max_num_queries(1):  # only the lookup by hash; no session row is written
        client.post(URL, {"kode": kode})
    pertama = client.cookies["lacak_akses"].value
    assert client.cookies["lacak_akses"]["path"] == "/lacak/" and client.cookies["lacak_akses"]["httponly"]
    assert kode.replace("-", "") not in pertama
    client.post(URL, {"aksi": "keluar"})
    assert "pengaduan" not in client.get(URL).context
    client.post(URL, {"kode": kode})
    assert client.cookies["lacak_akses"].value != pertama


def test_token_akses_palsu_tidak_memberi_akses(client):
    buat_pengaduan()
    client.cookies["lacak_akses"] = "x" * 43
    assert "pengaduan" not in client.get(URL).context
    client.cookies["lacak_akses"] = "y" * 5000
    assert client.get(URL).status_code == 200


def test_kode_yang_membuka_kasus_memutar_kunci_sesi_yang_ditanam(client, settings):
    """Session fixation: an attacker's valid session key planted in the reporter's browser is
    worth nothing once the reporter's code opens the case."""
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.test import Client

    from tests.factories import UserFactory

    p, kode = buat_pengaduan()
    penyerang = Client()
    penyerang.force_login(UserFactory(is_staff=False))
    kunci = penyerang.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies[settings.SESSION_COOKIE_NAME] = kunci

    assert masuk(client, kode).status_code == 302

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != kunci
    assert not SessionStore().exists(kunci)
    assert client.get(URL).context["pengaduan"].pk == p.pk
    assert "pengaduan" not in penyerang.get(URL).context


def test_isian_yang_ditolak_tampil_kembali_dan_halaman_berikutnya_kosong_lagi(client):
    """The empty forms of the status page are drawn once per process: a refused entry still comes
    back with what was typed and why, and the next visit shows the empty forms again."""
    p, kode = buat_pengaduan()
    minta_perbaikan(p)
    masuk(client, kode)

    def tanpa_csrf(r):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())

    kosong = tanpa_csrf(client.get(URL))
    r = client.post(URL, {"aksi": "cabut", "alasan": "Alasan yang saya ketik"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Alasan yang saya ketik" in html and "Centang untuk mengonfirmasi pencabutan." in html
    r = client.post(URL, {"aksi": "lengkapi", "teks": "", "pesan-teks": ""})
    assert "Isi keterangan atau lampirkan berkas" in r.content.decode()
    assert tanpa_csrf(client.get(URL)) == kosong
    assert "Alasan yang saya ketik" not in kosong
