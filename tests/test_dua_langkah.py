"""Two-step login for staff (ISSUE 13 item 3): who must, enrolment and verification through the pages,
no admin URL before the second step, django-axes counting wrong codes with wrong passwords, a lost
device reset by an administrator or on the server, audited."""

import datetime
import io
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netralitas.akun.dua_faktor import aturan, services
from netralitas.akun.models import PERAN_BAWASLU, Peran
from netralitas.audit.models import Aksi, LogAudit
from pengaduan.models import TingkatKantor
from pengaduan.selectors import boleh_lihat_identitas
from tests.dua_faktor import KATA_SANDI, daftarkan, kode_dari_kunci, kode_totp, masuk_kata_sandi
from tests.factories import UserFactory, buat_pengaduan, buat_peninjau, buat_staf, limpahkan_ke

pytestmark = pytest.mark.django_db

DAFTAR = "/admin/dua-langkah/daftar/"
VERIFIKASI = "/admin/dua-langkah/verifikasi/"
WARGA_LAIN = "198.51.100.20"


def _kunci_di_halaman(html: str) -> str:
    return re.search(r'id="kunci-rahasia">([A-Z2-7 ]+)</code>', html).group(1)


def _staf_terdaftar(peran=Peran.BAWASLU_KABKOTA, wilayah="35.07", **kwargs):
    """A staff member who enrolled through the pages, then logged out: (user, backup codes)."""
    user = buat_staf(peran, wilayah, **kwargs)
    klien = Client()
    masuk_kata_sandi(klien, user)
    kode = daftarkan(klien, user)
    klien.post(reverse("admin:logout"))
    return user, kode


# --- Who must ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "peran, wilayah, wajib",
    [
        (Peran.PANWASCAM, "35.07.13", True),
        (Peran.BAWASLU_KABKOTA, "35.07", True),
        (Peran.BAWASLU_PROVINSI, "35", True),
        (Peran.BAWASLU_RI, None, True),
        (Peran.ADMINISTRATOR, None, True),
        (Peran.PEMDA, "35.07", False),
    ],
)
def test_aturan_wajib_per_peran(peran, wilayah, wajib):
    assert aturan.wajib(buat_staf(peran, wilayah)) is wajib


def test_superuser_pengelola_akun_dan_setelan_semua_staf(settings):
    from django.contrib.auth.models import Permission

    peninjau = buat_peninjau(None)
    biasa = UserFactory()
    assert not aturan.wajib(peninjau) and not aturan.wajib(biasa)
    assert aturan.wajib(UserFactory(is_superuser=True))
    # Whoever may change accounts can make themselves anything: an administrator.
    pengelola = UserFactory()
    pengelola.user_permissions.add(Permission.objects.get(codename="change_user"))
    pengelola = type(pengelola).objects.get(pk=pengelola.pk)
    assert aturan.wajib(pengelola)
    settings.WAJIB_2FA_SEMUA = True
    assert aturan.wajib(peninjau) and aturan.wajib(biasa)
    assert not aturan.wajib(UserFactory(is_staff=False))


def test_setiap_peran_yang_bisa_melihat_identitas_pelapor_wajib_dua_langkah():
    """The rule follows pengaduan.selectors.boleh_lihat_identitas: a role that may open some
    reporter's identity (here a confidential one too) is a role that must use the second step."""
    biasa, _ = buat_pengaduan(wilayah="35.07.13.1007")
    rahasia, _ = buat_pengaduan(wilayah="35.07.13.1007", rahasia=True)
    # Panwascam see the cases handed over to their kecamatan office.
    limpahkan_ke(biasa, TingkatKantor.PANWASCAM, "35.07.13")
    lingkup = {
        Peran.PANWASCAM: "35.07.13",
        Peran.BAWASLU_KABKOTA: "35.07",
        Peran.BAWASLU_PROVINSI: "35",
        Peran.BAWASLU_RI: None,
        Peran.PEMDA: "35.07",
        Peran.ADMINISTRATOR: None,
    }
    melihat = set()
    for peran, wilayah in lingkup.items():
        user = buat_staf(peran, wilayah)
        if any(boleh_lihat_identitas(user, p) for p in (biasa, rahasia)):
            melihat.add(peran)
            assert aturan.wajib(user), peran
    assert melihat == PERAN_BAWASLU | {Peran.ADMINISTRATOR}
    from netralitas.akun.models import Instansi

    peninjau = buat_peninjau(Instansi.objects.get(wilayah_id="35.07"))
    assert not any(boleh_lihat_identitas(peninjau, p) for p in (biasa, rahasia)) and not aturan.wajib(peninjau)


# --- Nothing before the second step -------------------------------------------------------------------


def _semua_url_admin():
    """Every admin URL pattern, its parameters filled with something that could exist."""
    akar = reverse("admin:index")

    def isi(rute):
        # The app index's regex names the apps: take the first; the catch-all takes any path.
        rute = re.sub(r"\(\?P<app_label>([a-z_]+)[^)]*\)", r"\1", rute)
        rute = rute.replace("(?P<url>.*)", "tidak-ada/").replace("^", "").replace("$", "")
        return re.sub(r"<(?:[a-z]+:)?\w+>", "1", rute)

    def jalan(pola, awalan):
        for p in pola:
            if isinstance(p, URLResolver):
                yield from jalan(p.url_patterns, awalan + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield p.name, akar + isi(awalan + str(p.pattern))

    return list(jalan(admin.site.get_urls(), ""))


def test_sesi_kata_sandi_saja_tidak_membuka_satu_pun_url_admin():
    """Walk the admin's URL registry: for a session past the password of a user who must use the
    second step, every admin URL (GET and POST) leads to the second step, or is not found."""
    staf = buat_staf(Peran.BAWASLU_RI, None)
    p, _ = buat_pengaduan()
    klien = Client(raise_request_exception=False)
    masuk_kata_sandi(klien, staf)
    pola = _semua_url_admin()
    assert len(pola) > 100
    # The step's own pages answer it; the logout (POST only) ends it, and is tried last.
    langkah_kedua = {"dua_langkah_verifikasi", "dua_langkah_daftar", "logout"}
    gagal = []
    for nama, url in pola:
        url = url.replace("/1/", f"/{p.pk}/")
        if nama in langkah_kedua:
            continue
        for metode in ("get", "post"):
            if nama == "login" and metode == "post":
                continue
            r = getattr(klien, metode)(url)
            ke_langkah_kedua = r.status_code == 302 and r["Location"].startswith("/admin/dua-langkah/")
            if not (ke_langkah_kedua or r.status_code == 404):
                gagal.append(f"{metode.upper()} {url} ({nama}) → {r.status_code} {r.get('Location', '')}")
    assert not gagal, "\n".join(gagal)
    # Still before the second step, and the case untouched.
    assert klien.get(reverse("admin:index"))["Location"].startswith(DAFTAR)
    assert not LogAudit.objects.filter(aksi=Aksi.LIHAT_IDENTITAS).exists()
    assert klien.get(reverse("admin:logout")).status_code == 405
    assert klien.post(reverse("admin:logout")).status_code == 200
    assert klien.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_sesi_kata_sandi_saja_diarahkan_ke_pendaftaran_lalu_verifikasi_dengan_tujuan_tetap():
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    klien = Client()
    r = klien.post(reverse("admin:login"), {"username": staf.username, "password": KATA_SANDI, "next": "/admin/auth/"})
    assert r.status_code == 302
    r = klien.get(r["Location"])
    assert r.status_code == 302 and r["Location"].startswith(DAFTAR) and "next=%2Fadmin%2Fauth%2F" in r["Location"]
    # The login page itself sends a half-logged-in session on, rather than offering another login.
    assert klien.get(reverse("admin:login"))["Location"].startswith(DAFTAR)
    daftarkan(klien, staf)
    klien.post(reverse("admin:logout"))
    masuk_kata_sandi(klien, staf)
    r = klien.get("/admin/pengaduan/pengaduan/?status__exact=diajukan")
    assert r.status_code == 302 and r["Location"].startswith(VERIFIKASI)
    # The enrolment page is closed to a user with a device: a password alone never adds another.
    assert klien.get(DAFTAR)["Location"].startswith(VERIFIKASI)
    perangkat = TOTPDevice.objects.get(user=staf)
    r = klien.post(r["Location"], {"kode": kode_totp(perangkat)})
    assert r.status_code == 302 and r["Location"] == "/admin/pengaduan/pengaduan/?status__exact=diajukan"
    assert klien.get(r["Location"]).status_code == 200


@pytest.mark.parametrize("tujuan", ["https://contoh.net/admin/", "//contoh.net/", "/admin/dua-langkah/"])
def test_tujuan_di_luar_situs_diabaikan(tujuan):
    staf, _ = _staf_terdaftar()
    klien = Client()
    masuk_kata_sandi(klien, staf)
    r = klien.post(VERIFIKASI, {"kode": kode_totp(TOTPDevice.objects.get(user=staf)), "next": tujuan})
    assert r.status_code == 302 and r["Location"] == "/admin/"


# --- Enrolment and verification through the pages -------------------------------------------------------


def test_pendaftaran_hanya_sesaat_setelah_kata_sandi():
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    klien = Client()
    masuk_kata_sandi(klien, staf)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14)):
        assert klien.get(DAFTAR).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        r = klien.get(DAFTAR + "?next=/admin/auth/")
        assert r.status_code == 302 and r["Location"].startswith(reverse("admin:login"))
        assert "next=" in r["Location"]
        masuk_kata_sandi(klien, staf)
        assert klien.get(DAFTAR).status_code == 200


def test_setiap_sesi_mendapat_rahasia_sendiri_dan_hanya_rahasianya_yang_mengonfirmasi():
    """Someone who learnt the password before the owner enrolled does not see the owner's secret."""
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    penyusup, pemilik = Client(), Client()
    masuk_kata_sandi(penyusup, staf)
    kunci_penyusup = _kunci_di_halaman(penyusup.get(DAFTAR).content.decode())
    masuk_kata_sandi(pemilik, staf)
    kunci_pemilik = _kunci_di_halaman(pemilik.get(DAFTAR).content.decode())
    assert kunci_pemilik != kunci_penyusup
    r = pemilik.post(DAFTAR, {"kode": kode_dari_kunci(kunci_pemilik)})
    assert r.context["kode_cadangan"]
    perangkat = TOTPDevice.objects.get(user=staf)  # the intruder's unfinished one is gone
    assert perangkat.confirmed and services.kunci_teks(perangkat) == kunci_pemilik
    # The intruder's secret confirms nothing now: the account asks for the owner's code.
    r = penyusup.post(DAFTAR, {"kode": kode_dari_kunci(kunci_penyusup)})
    assert r.status_code == 302 and r["Location"].startswith(VERIFIKASI)
    assert TOTPDevice.objects.filter(user=staf).count() == 1


def test_pendaftaran_pertama_qr_kunci_kode_pertama_lalu_sepuluh_kode_cadangan_sekali_tampil():
    staf = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    klien = Client()
    masuk_kata_sandi(klien, staf)
    r = klien.get(DAFTAR)
    html = r.content.decode()
    assert r.status_code == 200 and "Aktifkan verifikasi dua langkah" in html
    # No inline script nor event handler (the site's CSP allows neither): it works without JavaScript.
    assert "<svg" in html and not re.search(r"<script(?![^>]*\bsrc=)|\son[a-z]+=", html)
    assert r["Cache-Control"].startswith("max-age=0") and "no-store" in r["Cache-Control"]
    kunci = _kunci_di_halaman(html)
    # The same secret on a reload: the app scanned a minute ago still matches.
    assert _kunci_di_halaman(klien.get(DAFTAR).content.decode()) == kunci
    r = klien.post(DAFTAR, {"kode": "12 34 56" if kode_dari_kunci(kunci) != "123456" else "654321"})
    assert r.status_code == 200 and "Kode salah" in r.content.decode()
    assert not TOTPDevice.objects.get(user=staf).confirmed
    sesi_lama = klien.session.session_key
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=3), tick=False):
        r = klien.post(DAFTAR, {"kode": kode_dari_kunci(kunci)})
    assert r.status_code == 200
    kode = r.context["kode_cadangan"]
    assert len(kode) == len(set(kode)) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", k) for k in kode)
    assert all(k in r.content.decode() for k in kode)
    assert klien.session.session_key != sesi_lama
    assert TOTPDevice.objects.get(user=staf).confirmed
    assert StaticToken.objects.filter(device__user=staf).count() == 10
    assert klien.get(reverse("admin:index")).status_code == 200
    # Shown once: nowhere to read them again, only to make new ones.
    saya = klien.get(reverse("admin:dua_langkah")).content.decode()
    assert "10 dari 10" in saya and not any(k in saya for k in kode)


def test_verifikasi_dengan_kode_aplikasi_memutar_kunci_sesi_dan_keluar_menghapus_verifikasi():
    staf, _ = _staf_terdaftar()
    klien = Client()
    masuk_kata_sandi(klien, staf)
    sesi_kata_sandi = klien.session.session_key
    assert DEVICE_ID_SESSION_KEY not in klien.session
    r = klien.post(VERIFIKASI, {"kode": kode_totp(TOTPDevice.objects.get(user=staf))})
    assert r.status_code == 302
    assert klien.session.session_key != sesi_kata_sandi
    assert klien.session[DEVICE_ID_SESSION_KEY] == TOTPDevice.objects.get(user=staf).persistent_id
    assert klien.get(reverse("admin:index")).status_code == 200
    klien.post(reverse("admin:logout"))
    masuk_kata_sandi(klien, staf)
    assert klien.get(reverse("admin:index"))["Location"].startswith(VERIFIKASI)


def test_login_kata_sandi_baru_di_sesi_terverifikasi_mulai_lagi_sebelum_langkah_kedua(client):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(staf)
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("admin:login"), {"username": staf.username, "password": KATA_SANDI})
    assert client.get(reverse("admin:index"))["Location"].startswith(VERIFIKASI)


def test_kode_cadangan_berlaku_sekali_dan_dengan_spasi_atau_huruf_besar():
    staf, kode = _staf_terdaftar()
    klien = Client()
    masuk_kata_sandi(klien, staf)
    r = klien.post(VERIFIKASI, {"kode": f" {kode[0][:4].upper()}-{kode[0][4:]} "})
    assert r.status_code == 302 and klien.get(reverse("admin:index")).status_code == 200
    assert StaticToken.objects.filter(device__user=staf).count() == 9
    klien.post(reverse("admin:logout"))
    masuk_kata_sandi(klien, staf)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False):
        r = klien.post(VERIFIKASI, {"kode": kode[0]})
    assert r.status_code == 200 and "Kode salah, sudah pernah dipakai" in r.content.decode()


def test_masukan_bukan_kode_ditolak_dengan_pesan_tanpa_500():
    staf, _ = _staf_terdaftar()
    klien = Client()
    masuk_kata_sandi(klien, staf)
    for masukan in ["", "12345", "1234567", "abc", "<script>", "0" * 40, "１２３４５６", "\x00"]:
        r = klien.post(VERIFIKASI, {"kode": masukan})
        assert r.status_code == 200 and 'class="errornote"' in r.content.decode(), masukan
    assert not AccessAttempt.objects.exists()


def test_kode_benar_segera_setelah_kode_salah_ditahan_perangkat_lalu_diterima():
    """Each device slows guesses from every address: a code right after a wrong one waits."""
    staf, _ = _staf_terdaftar()
    klien = Client()
    masuk_kata_sandi(klien, staf)
    perangkat = TOTPDevice.objects.get(user=staf)
    benar = kode_totp(perangkat)
    salah = f"{(int(benar) + 1) % 1_000_000:06d}"
    awal = timezone.now()
    with time_machine.travel(awal, tick=False):
        assert klien.post(VERIFIKASI, {"kode": salah}).status_code == 200
        r = klien.post(VERIFIKASI, {"kode": benar})
        assert r.status_code == 200 and "Coba lagi setelah pukul" in r.content.decode()
    with time_machine.travel(awal + datetime.timedelta(seconds=2), tick=False):
        r = klien.post(VERIFIKASI, {"kode": kode_totp(perangkat)})
    assert r.status_code == 302
    # One wrong code was counted; the success cleared it.
    assert not AccessAttempt.objects.filter(username=staf.username).exists()


# --- django-axes counts both factors -----------------------------------------------------------------


def _kode_salah(user) -> str:
    benar = kode_totp(TOTPDevice.objects.get(user=user))
    return f"{(int(benar) + 500_000) % 1_000_000:06d}"


def test_kata_sandi_dan_kode_salah_dihitung_bersama_lalu_terkunci():
    staf, _ = _staf_terdaftar()
    klien = Client()
    for _ in range(2):
        klien.post(reverse("admin:login"), {"username": staf.username, "password": "salah-salah-salah"})
    masuk_kata_sandi(klien, staf)
    detik = timezone.now()
    for i in range(2):
        with time_machine.travel(detik + datetime.timedelta(seconds=10 * i), tick=False):
            r = klien.post(VERIFIKASI, {"kode": _kode_salah(staf)})
        assert r.status_code == 200 and "Kode salah" in r.content.decode()
    with time_machine.travel(detik + datetime.timedelta(seconds=30), tick=False):
        r = klien.post(VERIFIKASI, {"kode": _kode_salah(staf)})
    assert r.status_code == 429 and "Terlalu banyak percobaan masuk" in r.content.decode()
    assert "kode verifikasi" in r.content.decode()
    # The session ended with it, and the password is refused from this address for now.
    assert klien.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))
    r = klien.post(reverse("admin:login"), {"username": staf.username, "password": KATA_SANDI})
    assert r.status_code == 429
    # What was typed is not kept with the attempt.
    percobaan = AccessAttempt.objects.get(username=staf.username)
    assert "kode=********************" in percobaan.post_data
    # From another address the owner still gets in.
    lain = Client(REMOTE_ADDR=WARGA_LAIN)
    masuk_kata_sandi(lain, staf)
    with time_machine.travel(detik + datetime.timedelta(seconds=60), tick=False):
        assert lain.post(VERIFIKASI, {"kode": kode_totp(TOTPDevice.objects.get(user=staf))}).status_code == 302


def test_kata_sandi_benar_tidak_menghapus_hitungan_kode_salah():
    """A known password buys no fresh tries at the code: only a whole login clears the count."""
    staf, _ = _staf_terdaftar()
    detik = timezone.now()
    for putaran in range(2):
        klien = Client()
        masuk_kata_sandi(klien, staf)
        for i in range(2):
            with time_machine.travel(detik + datetime.timedelta(seconds=100 * putaran + 10 * i), tick=False):
                assert klien.post(VERIFIKASI, {"kode": _kode_salah(staf)}).status_code == 200
    klien = Client()
    r = masuk_kata_sandi(klien, staf)
    with time_machine.travel(detik + datetime.timedelta(seconds=300), tick=False):
        r = klien.post(VERIFIKASI, {"kode": _kode_salah(staf)})
    assert r.status_code == 429


def test_staf_tanpa_langkah_kedua_tetap_dibersihkan_hitungannya_setelah_masuk():
    peninjau = buat_peninjau(None)
    klien = Client()
    for _ in range(3):
        klien.post(reverse("admin:login"), {"username": peninjau.username, "password": "salah-salah-salah"})
    assert AccessAttempt.objects.filter(username=peninjau.username).exists()
    masuk_kata_sandi(klien, peninjau)
    assert klien.get(reverse("admin:index")).status_code == 200
    assert not AccessAttempt.objects.filter(username=peninjau.username).exists()


# --- Voluntary enrolment -----------------------------------------------------------------------------------


def test_peninjau_masuk_dengan_kata_sandi_lalu_boleh_mengaktifkan_sendiri():
    peninjau = buat_peninjau(None)
    klien = Client()
    masuk_kata_sandi(klien, peninjau)
    assert klien.get(reverse("admin:index")).status_code == 200
    saya = klien.get(reverse("admin:dua_langkah")).content.decode()
    assert "belum aktif" in saya
    daftarkan(klien, peninjau)
    klien.post(reverse("admin:logout"))
    masuk_kata_sandi(klien, peninjau)
    assert klien.get(reverse("admin:index"))["Location"].startswith(VERIFIKASI)


def test_setelan_wajib_semua_meminta_langkah_kedua_dari_peninjau(settings):
    settings.WAJIB_2FA_SEMUA = True
    peninjau = buat_peninjau(None)
    klien = Client()
    masuk_kata_sandi(klien, peninjau)
    assert klien.get(reverse("admin:index"))["Location"].startswith(DAFTAR)
    daftarkan(klien, peninjau)
    assert klien.get(reverse("admin:index")).status_code == 200


# --- Own page: new backup codes, own reset with a code --------------------------------------------------------


def test_kode_cadangan_baru_perlu_kode_yang_sah_tercatat_dan_menggantikan_yang_lama(client):
    staf, lama = _staf_terdaftar()
    client.force_login(staf)
    url = reverse("admin:dua_langkah_kode_cadangan")
    # A session left open is not enough: ten ways past the second step need a good code.
    for data in ({}, {"baru-kode": _kode_salah(staf)}):
        r = client.post(url, data)
        assert r.status_code == 200 and "kode_cadangan" not in r.context
        assert "errornote" in r.content.decode()
    assert not LogAudit.objects.filter(aksi=Aksi.KODE_CADANGAN_2FA).exists()
    r = client.post(url, {"baru-kode": lama[0]})
    baru = r.context["kode_cadangan"]
    assert len(baru) == 10 and not set(baru) & set(lama)
    tersimpan = set(StaticToken.objects.filter(device__user=staf).values_list("token", flat=True))
    assert len(tersimpan) == 10 and not tersimpan & set(baru)  # HMACs, not the codes
    log = LogAudit.objects.get(aksi=Aksi.KODE_CADANGAN_2FA)
    assert log.aktor == staf and staf.username in log.objek
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(url).status_code == 405
    # The old codes are void, the new ones pass the second step, each once.
    klien = Client()
    masuk_kata_sandi(klien, staf)
    assert klien.post(VERIFIKASI, {"kode": lama[1]}).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):  # past the device's throttle
        assert klien.post(VERIFIKASI, {"kode": baru[0]}).status_code == 302
        klien2 = Client()
        masuk_kata_sandi(klien2, staf)
        assert klien2.post(VERIFIKASI, {"kode": baru[0]}).status_code == 200


def test_kode_cadangan_tetap_berlaku_saat_secret_key_dirotasi(settings):
    staf, kode = _staf_terdaftar()
    lama = settings.SECRET_KEY
    settings.SECRET_KEY = "kunci-baru-" + "Q7vX1nB8cR5tZ3wY6hF0jG2aE9uP4sL9dK2mQ7vX1nB8c"
    settings.SECRET_KEY_FALLBACKS = [lama]
    klien = Client()
    masuk_kata_sandi(klien, staf)
    assert klien.post(VERIFIKASI, {"kode": kode[0]}).status_code == 302


def test_atur_ulang_sendiri_perlu_kode_yang_sah_lalu_daftar_ulang(client):
    staf, kode = _staf_terdaftar()
    client.force_login(staf)
    url = reverse("admin:dua_langkah_atur_ulang")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False):
        r = client.post(url, {"kode": _kode_salah(staf)})
    assert r.status_code == 200 and "Kode salah" in r.content.decode()
    assert TOTPDevice.objects.filter(user=staf).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=10), tick=False):
        r = client.post(url, {"kode": kode[3]})
    assert r.status_code == 302 and r["Location"] == DAFTAR
    assert not TOTPDevice.objects.filter(user=staf).exists() and not StaticDevice.objects.filter(user=staf).exists()
    log = LogAudit.objects.get(aksi=Aksi.ATUR_ULANG_2FA)
    assert log.aktor == staf and "pemilik akun sendiri" in log.keterangan
    assert client.get(reverse("admin:index"))["Location"].startswith(DAFTAR)


# --- A lost device: the administrator's reset, audited ----------------------------------------------------------


def test_administrator_mengatur_ulang_perangkat_staf_tercatat_dan_sesi_staf_kehilangan_verifikasi(client):
    staf, _ = _staf_terdaftar()
    klien_staf = Client()
    klien_staf.force_login(staf)
    assert klien_staf.get(reverse("admin:index")).status_code == 200
    admin_ = buat_staf(Peran.ADMINISTRATOR, None)
    client.force_login(admin_)
    halaman = client.get(reverse("admin:auth_user_change", args=[staf.pk])).content.decode()
    url = reverse("admin:auth_user_atur_ulang_2fa", args=[staf.pk])
    assert url in halaman
    r = client.get(url)
    assert r.status_code == 200 and "10 kode cadangan" in r.content.decode()
    r = client.post(url, {"alasan": "  "})
    assert r.status_code == 200 and TOTPDevice.objects.filter(user=staf).exists()
    r = client.post(url, {"alasan": "Ponsel hilang; dikonfirmasi lewat telepon kantor."}, follow=True)
    assert r.redirect_chain[0] == (reverse("admin:auth_user_change", args=[staf.pk]), 302)
    assert "diatur ulang" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=staf).exists() and not StaticDevice.objects.filter(user=staf).exists()
    log = LogAudit.objects.get(aksi=Aksi.ATUR_ULANG_2FA)
    assert log.aktor == admin_ and staf.username in log.objek
    assert "Ponsel hilang" in log.keterangan and "1 aplikasi autentikator" in log.keterangan
    # The staff member's open session (say, on the lost phone) lost its verification, and cannot
    # enrol a device of its own: the enrolment wants a password typed in the last minutes.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert klien_staf.get(reverse("admin:index"))["Location"].startswith(DAFTAR)
        r = klien_staf.get(DAFTAR)
        assert r.status_code == 302 and r["Location"].startswith(reverse("admin:login"))
        assert not TOTPDevice.objects.filter(user=staf).exists()
        assert klien_staf.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))
        assert klien_staf.post(DAFTAR, {"kode": "123456"}).status_code == 302
        assert not TOTPDevice.objects.filter(user=staf).exists()
    # The next login enrols anew.
    klien_baru = Client()
    masuk_kata_sandi(klien_baru, staf)
    assert klien_baru.get(reverse("admin:index"))["Location"].startswith(DAFTAR)
    daftarkan(klien_baru, staf)
    assert klien_baru.get(reverse("admin:index")).status_code == 200
    # The user list shows who has it.
    daftar = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "verifikasi dua langkah" in daftar.lower()


def test_atur_ulang_oleh_admin_bukan_untuk_diri_sendiri_peran_lain_maupun_superuser(client):
    staf, _ = _staf_terdaftar()
    admin_ = buat_staf(Peran.ADMINISTRATOR, None)
    client.force_login(admin_)
    sendiri = client.get(reverse("admin:auth_user_atur_ulang_2fa", args=[admin_.pk]))
    assert sendiri.status_code == 302 and sendiri["Location"] == reverse("admin:dua_langkah")
    assert TOTPDevice.objects.filter(user=admin_).exists()
    super_ = UserFactory(is_superuser=True)
    client.force_login(super_)
    client.force_login(admin_)
    r = client.post(reverse("admin:auth_user_atur_ulang_2fa", args=[super_.pk]), {"alasan": "Coba ambil alih."})
    assert r.status_code == 403 and TOTPDevice.objects.filter(user=super_).exists()
    client.force_login(buat_staf(Peran.BAWASLU_RI, None))
    r = client.post(reverse("admin:auth_user_atur_ulang_2fa", args=[staf.pk]), {"alasan": "Bukan wewenang saya."})
    assert r.status_code == 404 and TOTPDevice.objects.filter(user=staf).exists()
    assert not LogAudit.objects.filter(aksi=Aksi.ATUR_ULANG_2FA).exists()


def test_perangkat_otp_tidak_punya_halaman_admin_sendiri():
    from django_otp.plugins.otp_static.models import StaticDevice as Statis

    assert not admin.site.is_registered(TOTPDevice) and not admin.site.is_registered(Statis)


# --- The last administrator: the server command -------------------------------------------------------------------


def test_perintah_server_mengatur_ulang_administrator_terakhir_tercatat(monkeypatch):
    admin_, _ = _staf_terdaftar(Peran.ADMINISTRATOR, None, username="admin.terakhir", is_superuser=True)
    # `sudo posko-manage ...`: the audit names the operator who typed sudo.
    monkeypatch.setenv("SUDO_USER", "operator.budi")
    keluaran = io.StringIO()
    call_command(
        "atur_ulang_2fa", "admin.terakhir", "--noinput", "--alasan", "Ponsel hilang, tiket 12", stdout=keluaran
    )
    teks = keluaran.getvalue()
    assert "diatur ulang" in teks and "1 aplikasi autentikator" in teks and "10 kode cadangan" in teks
    assert "axes_reset_username admin.terakhir" in teks
    assert not TOTPDevice.objects.filter(user=admin_).exists()
    log = LogAudit.objects.get(aksi=Aksi.ATUR_ULANG_2FA)
    assert log.aktor is None and "manage.py atur_ulang_2fa" in log.keterangan and "tiket 12" in log.keterangan
    assert "operator.budi lewat sudo" in log.keterangan
    klien = Client()
    masuk_kata_sandi(klien, admin_)
    assert klien.get(reverse("admin:index"))["Location"].startswith(DAFTAR)


def test_perintah_server_menolak_nama_tak_dikenal_dan_tanpa_alasan(monkeypatch):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("atur_ulang_2fa", "tidak.ada", "--noinput", "--alasan", "x")
    staf, _ = _staf_terdaftar()
    with pytest.raises(CommandError, match="--alasan"):
        call_command("atur_ulang_2fa", staf.username, "--noinput")
    jawaban = iter(["Ponsel rusak", "tidak"])
    monkeypatch.setattr("builtins.input", lambda _: next(jawaban))
    with pytest.raises(CommandError, match="Dibatalkan"):
        call_command("atur_ulang_2fa", staf.username, stdout=io.StringIO())

    def tanpa_masukan(_):
        raise EOFError

    monkeypatch.setattr("builtins.input", tanpa_masukan)
    with pytest.raises(CommandError, match="--noinput"):
        call_command("atur_ulang_2fa", staf.username, stdout=io.StringIO())
    assert TOTPDevice.objects.filter(user=staf).exists() and not LogAudit.objects.exists()


# --- Cost ------------------------------------------------------------------------------------------------


def test_halaman_admin_terverifikasi_tanpa_kueri_perangkat(client):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(staf)
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as q:
        assert client.get(reverse("admin:index")).status_code == 200
    assert not [s for s in (x["sql"] for x in q.captured_queries) if "otp_" in s]
