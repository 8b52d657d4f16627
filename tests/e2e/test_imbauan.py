"""A pemda clerk of Kabupaten Malang records a brochure distribution in a desa of the kabupaten in
the admin (not inside an event); the public finds it on the kabupaten's /sosialisasi/ page, on a
phone without JavaScript and on a desktop."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from sosialisasi.models import DistribusiBahan
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]


def test_pemda_mencatat_distribusi_brosur_publik_melihatnya(
    live_server, wilayah_kabupaten_malang, browser, buka_ponsel, folder_hasil
):
    pemda = buat_staf(Peran.PEMDA, "35.07", username="pemda.malang.uji", first_name="Sari")
    tanggal = timezone.localdate() - datetime.timedelta(days=2)

    meja = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta")
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, pemda.username)
    admin.goto(live_server.url + "/admin/sosialisasi/distribusibahan/add/")
    admin.locator(".field-desa .select2-selection").click()
    admin.locator(".select2-search__field[aria-controls=select2-id_desa-results]").fill("Kemiri")
    admin.locator(".select2-results__option", has_text="Kemiri").first.click()
    admin.locator("#id_jenis").select_option("brosur")
    admin.locator("#id_jumlah").fill("750")
    admin.locator("#id_tanggal").fill(tanggal.isoformat())
    admin.locator("#id_tempat").fill("Balai Desa Kemiri")
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("berhasil")
    admin.screenshot(path=folder_hasil / "admin-distribusi-brosur.png", full_page=True)
    d = DistribusiBahan.objects.get()
    assert (d.desa_id, d.jumlah, d.kegiatan_id, d.dicatat_oleh_id) == ("35.07.13.2001", 750, None, pemda.pk)

    # The clerk's form on a phone too: the same page, usable at 390 px.
    kecil = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID", timezone_id="Asia/Jakarta")
    kecil.add_cookies(meja.cookies())
    form_ponsel = kecil.new_page()
    form_ponsel.goto(live_server.url + "/admin/sosialisasi/distribusibahan/add/")
    expect(form_ponsel.locator("#id_jumlah")).to_be_visible()
    assert form_ponsel.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    form_ponsel.screenshot(path=folder_hasil / "admin-distribusi-ponsel.png", full_page=True)
    kecil.close()

    # The public, on a phone without JavaScript: the region's page.
    ponsel = buka_ponsel(javascript=False)
    ponsel.goto(live_server.url + "/sosialisasi/")
    ponsel.locator("#id_provinsi").select_option("35")
    ponsel.get_by_role("button", name="Tampilkan").click()
    ponsel.locator("#id_kabkota").select_option("35.07")
    ponsel.get_by_role("button", name="Tampilkan").click()
    bagian = ponsel.locator("#distribusi-desa")
    expect(bagian).to_contain_text("Kemiri")
    expect(bagian).to_contain_text("750 brosur")
    expect(bagian).to_contain_text("Balai Desa Kemiri")
    bulan = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ][tanggal.month - 1]
    expect(bagian).to_contain_text(f"{tanggal.day} {bulan} {tanggal.year}")
    ponsel.locator("#pencegahan").scroll_into_view_if_needed()
    ponsel.screenshot(path=folder_hasil / "sosialisasi-pencegahan-ponsel.png", full_page=True)

    publik = meja.new_page()
    publik.goto(live_server.url + "/sosialisasi/?provinsi=35&kabkota=35.07")
    expect(publik.locator("#distribusi-desa")).to_contain_text("750 brosur")
    publik.screenshot(path=folder_hasil / "sosialisasi-pencegahan-desktop.png", full_page=True)
    meja.close()
