"""Bawaslu kabupaten staff triage a new case in the admin while the reporter answers on /lacak/."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from pengaduan.models import Pengaduan, Status
from tests.dua_faktor import kode_dari_kunci, kode_totp
from tests.factories import buat_pengaduan, buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]

KATA_SANDI = "kata-sandi-uji-123"


def masuk_admin(halaman, url, username):
    """Log in as staff do: the password, then the second step if the account has one. The first
    time, the secret shown on the enrolment page goes into the "app" (the code is computed from the
    text key, as an authenticator computes it) and the backup codes are acknowledged; later, the
    code comes from the enrolled device, as from the phone."""
    halaman.goto(url + "/admin/login/")
    halaman.locator("#id_username").fill(username)
    halaman.locator("#id_password").fill(KATA_SANDI)
    halaman.get_by_role("button", name=re.compile("Masuk|Log in", re.I)).click()
    kode = halaman.locator("#id_kode")
    expect(halaman.locator("#user-tools").or_(kode)).to_be_visible()
    if halaman.locator("#kunci-rahasia").count():
        kode.fill(kode_dari_kunci(halaman.locator("#kunci-rahasia").inner_text()))
        halaman.get_by_role("button", name="Aktifkan").click()
        expect(halaman.locator("#kode-cadangan li")).to_have_count(10)
        halaman.locator("#lanjut").click()
    elif kode.count():
        kode.fill(kode_totp(TOTPDevice.objects.get(user__username=username, confirmed=True)))
        halaman.get_by_role("button", name="Verifikasi").click()
    expect(halaman.locator("#user-tools")).to_be_visible()


def test_staf_meminta_kelengkapan_pelapor_melengkapi_staf_meregistrasi(
    live_server, wilayah_kabupaten_malang, browser, buka_ponsel, foto, folder_hasil
):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.malang.uji", first_name="Rina")
    p, kode = buat_pengaduan(wilayah="35.07.13.1007")

    meja = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta")
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, staf.username)

    # The reporter reads the code out on the phone: staff type it into the list's search box and
    # land on the case, by its number; the code is in no address the browser keeps.
    admin.goto(live_server.url + "/admin/pengaduan/pengaduan/?status__exact=diajukan")
    expect(admin.get_by_role("link", name=f"#{p.pk}")).to_be_visible()
    admin.locator("#searchbar").fill(kode.lower().replace("-", " "))
    admin.get_by_role("button", name="Cari").click()
    expect(admin.locator("#penanganan")).to_contain_text("Diajukan")
    assert admin.url.endswith(f"/admin/pengaduan/pengaduan/{p.pk}/change/")
    riwayat = admin.evaluate("() => [location.href, document.referrer]")
    assert not any(kode in u or kode.replace("-", "") in u.upper() for u in riwayat), riwayat
    admin.get_by_role("link", name="Kajian awal", exact=True).click()
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator(".messagelist")).to_contain_text("Kajian awal")

    # Ask the reporter for what is missing.
    permintaan = "Mohon lampirkan tangkapan layar unggahan terlapor."
    admin.get_by_role("link", name="Perlu perbaikan", exact=True).click()
    admin.locator("[name=pesan_pelapor]").fill(permintaan)
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator(".messagelist")).to_contain_text("Perlu perbaikan")
    admin.screenshot(path=folder_hasil / "admin-perlu-perbaikan.png", full_page=True)

    # The reporter, on a phone, sees the request and completes it.
    ponsel = buka_ponsel()
    ponsel.goto(live_server.url + "/lacak/")
    ponsel.get_by_label("Kode pelacakan").fill(kode)
    ponsel.get_by_role("button", name="Lihat status").click()
    expect(ponsel.get_by_text(permintaan)).to_be_visible()
    ponsel.get_by_label("Keterangan tambahan").fill("Tangkapan layar terlampir.")
    ponsel.locator("[name=berkas]").set_input_files(foto)
    ponsel.get_by_role("button", name="Kirim kelengkapan").click()
    expect(ponsel.get_by_text("Kelengkapan Anda sudah diterima")).to_be_visible()

    # Back in the admin: the case is in kajian awal again; register it.
    admin.reload()
    expect(admin.locator("#penanganan")).to_contain_text("Kajian awal")
    admin.get_by_role("link", name="Diregistrasi", exact=True).click()
    admin.get_by_role("button", name="Simpan").click()
    p.refresh_from_db()
    assert p.status == Status.DIREGISTRASI
    assert re.fullmatch(r"001/Reg/LP/PB/Kab/35\.07/[IVX]+/\d{4}", p.nomor_registrasi)
    expect(admin.locator(".messagelist")).to_contain_text(p.nomor_registrasi)
    expect(admin.locator("#penanganan")).to_contain_text(p.nomor_registrasi)
    admin.screenshot(path=folder_hasil / "admin-diregistrasi.png", full_page=True)

    # The reporter sees the registration on /lacak/.
    ponsel.reload()
    expect(ponsel.locator("#status-publik")).to_have_text("Diregistrasi")
    assert Pengaduan.objects.get(pk=p.pk).bukti.count() == 1
    meja.close()
