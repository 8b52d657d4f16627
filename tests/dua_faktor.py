"""The second step of a staff login, for tests, through the pages staff use: the enrolment page the
first time (the code computed from the secret, as the phone's app would), the verification page
after that.

`tests/conftest.py` runs `selesaikan_langkah_kedua` after every `Client.force_login`, so a test that
logs staff in and opens admin pages goes through the real second step, and a test that wants a
session past the password only logs in through the login page (`masuk_kata_sandi`)."""

import time

from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from netralitas.akun.dua_faktor import aturan, services

KATA_SANDI = "kata-sandi-uji-123"  # tests.factories.UserFactory's


def kode_totp(perangkat: TOTPDevice, *, saat: float | None = None) -> str | None:
    """The code the phone shows now that the device still accepts: the current one, else the next
    one (a second login within the same 30 seconds), else the previous; None when every code of
    this moment was used already (a clock turned back by a test)."""
    perangkat.refresh_from_db()
    sekarang = (int(time.time() if saat is None else saat) - perangkat.t0) // perangkat.step + perangkat.drift
    for geser in (0, 1, -1)[: 1 + 2 * perangkat.tolerance]:
        t = sekarang + geser
        if t > perangkat.last_t:
            return str(hotp(perangkat.bin_key, t, perangkat.digits)).zfill(perangkat.digits)
    return None


def kode_dari_kunci(kunci_teks: str, *, saat: float | None = None) -> str:
    """The code an authenticator app shows for a secret typed in from the enrolment page."""
    from base64 import b32decode

    kunci = b32decode(kunci_teks.replace(" ", ""))
    t = int(time.time() if saat is None else saat) // 30
    return str(hotp(kunci, t, 6)).zfill(6)


def _data(client, data: dict) -> dict:
    if client.handler.enforce_csrf_checks:
        data = {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    return data


def daftarkan(client, user) -> list[str]:
    """Enrol through the enrolment page; returns the backup codes it showed."""
    halaman = reverse("admin:dua_langkah_daftar")
    r = client.get(halaman)
    assert r.status_code == 200, (r.status_code, r.get("Location"))
    perangkat = TOTPDevice.objects.get(user=user, confirmed=False)
    r = client.post(halaman, _data(client, {"kode": kode_totp(perangkat)}))
    assert r.status_code == 200 and r.context["kode_cadangan"], r.content.decode()[:2000]
    return r.context["kode_cadangan"]


def verifikasi(client, user) -> None:
    """Pass the second step of a session past the password, with the app's code (or, when a test
    turned the clock back past the last code used, a fresh backup code)."""
    perangkat = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    kode = kode_totp(perangkat) if perangkat else None
    if kode is None:
        kode = services.buat_kode_cadangan(user)[0]
    halaman = reverse("admin:dua_langkah_verifikasi")
    if client.handler.enforce_csrf_checks:
        client.get(halaman)
    r = client.post(halaman, _data(client, {"kode": kode}))
    assert r.status_code == 302, (r.status_code, r.content.decode()[:2000])


def selesaikan_langkah_kedua(client, user) -> None:
    """After the password (or force_login): whatever this account's login still needs."""
    if not aturan.memakai_langkah_kedua(user):
        return
    if aturan.perangkat_terkonfirmasi(user):
        verifikasi(client, user)
    else:
        daftarkan(client, user)


def masuk_kata_sandi(client, user, *, kata_sandi: str = KATA_SANDI, **extra):
    """Log in through the login page: a session past the password, before any second step."""
    r = client.post(reverse("admin:login"), {"username": user.get_username(), "password": kata_sandi}, **extra)
    assert r.status_code == 302, r.content.decode()[:2000]
    return r
