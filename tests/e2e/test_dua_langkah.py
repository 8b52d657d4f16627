"""A Bawaslu staff member's first login on a phone without JavaScript: the password, the enrolment
page (the secret typed from its text form), the backup codes; then a later login with a backup code."""

import re

import pytest
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from tests.dua_faktor import KATA_SANDI, kode_dari_kunci
from tests.factories import buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]


def _kata_sandi(halaman, url, username):
    halaman.goto(url + "/admin/login/")
    halaman.locator("#id_username").fill(username)
    halaman.locator("#id_password").fill(KATA_SANDI)
    halaman.get_by_role("button", name=re.compile("Masuk|Log in", re.I)).click()


def test_pendaftaran_dan_kode_cadangan_di_ponsel_tanpa_javascript(
    live_server, wilayah_kabupaten_malang, buka_ponsel, folder_hasil
):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.dua.langkah")
    ponsel = buka_ponsel(javascript=False)
    _kata_sandi(ponsel, live_server.url, staf.username)
    expect(ponsel.get_by_role("heading", name="Aktifkan verifikasi dua langkah")).to_be_visible()
    expect(ponsel.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
    ponsel.screenshot(path=folder_hasil / "dua-langkah-daftar.png", full_page=True)
    kunci = ponsel.locator("#kunci-rahasia").inner_text()
    ponsel.get_by_label("Kode dari aplikasi").fill(kode_dari_kunci(kunci))
    ponsel.get_by_role("button", name="Aktifkan").click()
    kode = ponsel.locator("#kode-cadangan code").all_inner_texts()
    assert len(kode) == 10
    ponsel.screenshot(path=folder_hasil / "dua-langkah-kode-cadangan.png", full_page=True)
    ponsel.locator("#lanjut").click()
    expect(ponsel.locator("#user-tools")).to_be_visible()

    # Log out; the next login asks for the code, and a backup code does.
    ponsel.get_by_role("button", name=re.compile("Keluar|Log out", re.I)).click()
    _kata_sandi(ponsel, live_server.url, staf.username)
    expect(ponsel.get_by_role("heading", name="Verifikasi dua langkah")).to_be_visible()
    ponsel.get_by_label("Kode verifikasi").fill(kode[0].upper())
    ponsel.get_by_role("button", name="Verifikasi").click()
    expect(ponsel.locator("#user-tools")).to_be_visible()
    ponsel.goto(live_server.url + "/admin/dua-langkah/")
    expect(ponsel.locator("#sisa-kode")).to_have_text("9 dari 10")
