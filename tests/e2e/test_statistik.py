"""A visitor on a phone, without JavaScript, drills /statistik/ down from the national page to a
province and on to a kabupaten; small counts read "< 5" on the way."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import buat_pengaduan

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]


def kasus(wilayah, jumlah):
    """Reports filed through the intake service, as /lapor/ files them."""
    for _ in range(jumlah):
        buat_pengaduan(wilayah=wilayah)


def test_statistik_menelusur_dari_provinsi_ke_kabupaten(live_server, buka_ponsel, folder_hasil):
    call_command("load_wilayah", awalan="35", verbosity=0)
    kasus("35.07.13.1007", 12)
    kasus("35.73.01.1001", 7)
    kasus("35.78.01.1001", 2)

    halaman = buka_ponsel(javascript=False)
    halaman.goto(live_server.url + "/statistik/")
    expect(halaman.get_by_role("heading", level=1)).to_contain_text("Indonesia")
    expect(halaman.locator("#angka-laporan_diterima")).to_have_text("21")

    halaman.get_by_role("link", name="Jawa Timur", exact=True).click()
    expect(halaman.get_by_role("heading", level=1)).to_contain_text("Jawa Timur")
    assert halaman.url.endswith("/statistik/?provinsi=35")
    baris = halaman.locator("#tabel-wilayah tbody tr")
    expect(baris.filter(has_text="Kabupaten Malang")).to_contain_text("12")
    # Surabaya's 2 is hidden ("< 5"), and with the province's 21 shown, so is Kota Malang's 7 for its
    # sake, marked as hidden for another figure ("×"), not as a small count.
    expect(baris.filter(has_text="Kota Surabaya")).to_contain_text("< 5")
    expect(baris.filter(has_text=re.compile(r"^\s*Kota Malang"))).to_contain_text("×")
    expect(baris.filter(has_text=re.compile(r"^\s*Kota Malang"))).not_to_contain_text("< 5")
    # The page itself never scrolls sideways on a phone; only the wide table does, inside its box.
    assert halaman.evaluate("document.documentElement.scrollWidth") <= 390
    halaman.screenshot(path=folder_hasil / "statistik-provinsi.png", full_page=True)

    halaman.get_by_role("link", name="Kabupaten Malang", exact=True).click()
    expect(halaman.get_by_role("heading", level=1)).to_contain_text("Kabupaten Malang")
    assert halaman.url.endswith("/statistik/?kabkota=35.07")
    expect(halaman.locator("#angka-laporan_diterima")).to_have_text("12")
    expect(halaman.locator("#tabel-tahap")).to_contain_text("Diterima dan dalam kajian awal")
    expect(
        halaman.get_by_role("navigation", name="Jejak wilayah").get_by_role("link", name="Jawa Timur")
    ).to_be_visible()
    halaman.screenshot(path=folder_hasil / "statistik-kabupaten.png", full_page=True)

    # Back up through the breadcrumb.
    halaman.get_by_role("navigation", name="Jejak wilayah").get_by_role("link", name="Jawa Timur").click()
    expect(halaman.get_by_role("heading", level=1)).to_contain_text("Jawa Timur")
