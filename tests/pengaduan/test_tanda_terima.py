"""The receipt: it survives a reload for 30 minutes in the browser that filed the report (the code
held only there, sealed), gives a copy to download, and a planted session cookie sees nothing."""

import base64
import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.test import Client
from django.urls import reverse

from pengaduan.models import Pengaduan
from pengaduan.pelaporan import tanda_terima
from tests.factories import UserFactory
from tests.pengaduan.test_intake import URL, data_sah, teks_halaman
from tests.pengaduan.test_penyimpanan_kode import bentuk_kode

pytestmark = pytest.mark.django_db
TANDA_TERIMA = "/lapor/tanda-terima/"


def melapor(client, **ubah):
    assert client.post(URL, data_sah(client, **ubah)).status_code == 302
    return client.get(TANDA_TERIMA).context["kode"]


def test_tanda_terima_tetap_menampilkan_kode_saat_dimuat_ulang(client):
    kode = melapor(client)
    for _ in range(3):  # the phone reloads the tab after the camera app took the picture
        r = client.get(TANDA_TERIMA)
        assert r.status_code == 200 and r.context["kode"] == kode
        assert kode in teks_halaman(r)
    assert "sampai pukul" in teks_halaman(r)


def test_kuki_tanda_terima_tersegel_dan_dibatasi(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    kode = melapor(client)
    kuki = client.cookies[tanda_terima.KUKI]
    assert kuki["path"] == TANDA_TERIMA
    assert kuki["httponly"] and kuki["secure"] and kuki["samesite"] == "Lax"
    assert int(kuki["max-age"]) == 30 * 60
    # Neither the cookie nor its base64 content carries the code in any form.
    mentah = base64.urlsafe_b64decode(kuki.value + "=" * (-len(kuki.value) % 4))
    for b in bentuk_kode(kode):
        assert b not in kuki.value and b.encode() not in mentah


def test_kuki_yang_diubah_atau_dari_kunci_lain_ditolak(client, settings):
    melapor(client)
    asli = client.cookies[tanda_terima.KUKI].value
    ubah = asli[:20] + ("A" if asli[20] != "A" else "B") + asli[21:]
    client.cookies[tanda_terima.KUKI] = ubah
    r = client.get(TANDA_TERIMA, follow=True)
    assert r.redirect_chain == [(reverse("pengaduan:lapor"), 302)]
    assert "30 menit" in teks_halaman(r)

    # A SECRET_KEY rotation keeps the receipts open at that moment when the old key is a fallback.
    client.cookies[tanda_terima.KUKI] = asli
    lama = settings.SECRET_KEY
    settings.SECRET_KEY = "kunci-baru-" + "x" * 50
    assert client.get(TANDA_TERIMA).status_code == 302
    client.cookies[tanda_terima.KUKI] = asli  # the refusal above deleted it
    settings.SECRET_KEY_FALLBACKS = [lama]
    assert client.get(TANDA_TERIMA).status_code == 200


def test_tanda_terima_habis_setelah_30_menit(client, monkeypatch):
    melapor(client)
    sekarang = time.time()
    monkeypatch.setattr(time, "time", lambda: sekarang + 31 * 60)
    r = client.get(TANDA_TERIMA, follow=True)
    assert r.redirect_chain == [(reverse("pengaduan:lapor"), 302)]
    assert "gunakan kode pelacakan di halaman Lacak" in teks_halaman(r)


def test_peramban_lain_tidak_melihat_tanda_terima(client):
    melapor(client)
    lain = Client()
    assert lain.get(TANDA_TERIMA).status_code == 302
    assert lain.get(reverse("pengaduan:unduh_tanda_terima")).status_code == 302


def test_unduh_tanda_terima_berisi_kode_dan_ringkasan(client):
    kode = melapor(client, sumber="informasi_awal")  # an anonymous reporter: no e-mail copy
    r = client.get(reverse("pengaduan:unduh_tanda_terima"))
    assert r.status_code == 200
    assert r["Content-Type"] == "text/plain; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="tanda-terima-posko-netralitas-[0-9A-Z]{4}\.txt"', r["Content-Disposition"]
    )
    assert r["Cache-Control"].startswith("no-store")
    teks = r.content.decode()
    p = Pengaduan.objects.get()
    assert f"Kode pelacakan: {kode}" in teks
    assert "Drs. Bambang" in teks and p.kategori.nama in teks and "/lacak/" in teks
    assert "Informasi awal" in teks


def test_hapus_tanda_terima_dari_peramban(client):
    melapor(client)
    r = client.post(TANDA_TERIMA, follow=True)
    assert "sudah dihapus dari peramban ini" in teks_halaman(r)
    assert client.get(TANDA_TERIMA).status_code == 302


def test_sesi_yang_ditanam_penyerang_tidak_melihat_tanda_terima_korban(client):
    """Session fixation: the attacker's own valid session key, planted in the victim's browser."""
    penyerang = Client()
    penyerang.force_login(UserFactory(is_staff=False))
    kunci = penyerang.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies[settings.SESSION_COOKIE_NAME] = kunci

    kode = melapor(client)

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != kunci
    assert not SessionStore().exists(kunci)
    r = penyerang.get(TANDA_TERIMA)
    assert r.status_code == 302 and kode not in teks_halaman(r)
    assert penyerang.get(reverse("pengaduan:unduh_tanda_terima")).status_code == 302


def test_pelapor_tanpa_sesi_tidak_diberi_sesi(client):
    """Rotating the key writes no session row for a visitor who had none."""
    from django.contrib.sessions.models import Session

    melapor(client)
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()
