"""A civil servant of Kabupaten Bondowoso asks on /tanya/ what they may do on Facebook; Bawaslu
Kabupaten Bondowoso answers in the admin and publishes a rewritten question; the civil servant
finds the published answer by searching the list. At a phone's width without JavaScript (the
"Pilih provinsi" button reloads the kabupaten list), and on a desktop with it (the list is fetched)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from netralitas.tanya.models import Pertanyaan
from pengaduan.models import Notifikasi
from tests.e2e.conftest import PONSEL
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]

DESKTOP = {"width": 1280, "height": 900}
ASLI = (
    "Saya Dwi Lestari, guru PPPK di SDN Tamanan 2. Bolehkah saya menyukai (like) unggahan calon bupati di "
    "Facebook? Beliau tetangga saya."
)
PUBLIK = "Bolehkah ASN menyukai (like) unggahan calon bupati di Facebook?"
JAWABAN = (
    "Tidak boleh. SKB 2022 Lampiran II memasukkan memberi tanda suka, berkomentar, dan membagikan unggahan "
    "calon sebagai pelanggaran netralitas, dengan sanksi moral (PP 42/2004) dan hukuman disiplin berat "
    "(PP 94/2021)."
)


@pytest.mark.parametrize("ukuran", ["ponsel", "desktop"])
def test_asn_bertanya_staf_menjawab_dan_menerbitkan_asn_menemukan_jawaban(live_server, browser, folder_hasil, ukuran):
    call_command("load_wilayah", awalan="35.11", verbosity=0)
    staf = buat_staf(
        Peran.BAWASLU_KABKOTA, "35.11", username=f"bawaslu.bondowoso.{ukuran}", email="bondowoso@bawaslu.go.id"
    )
    ponsel = ukuran == "ponsel"
    pilihan = (
        {
            "viewport": PONSEL,
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
            "java_script_enabled": False,
        }
        if ponsel
        else {"viewport": DESKTOP}
    )
    warga = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **pilihan).new_page()

    # 1. The civil servant asks.
    warga.goto(live_server.url + "/tanya/")
    expect(warga.locator("#jumlah-hasil")).to_contain_text("0 tanya jawab")
    warga.get_by_role("link", name="Ajukan pertanyaan").first.click()
    warga.locator("#id_kategori").select_option("interaksi-media-sosial")
    warga.locator("#id_isi").fill(ASLI)
    warga.locator("#id_provinsi").select_option("35")
    if ponsel:
        warga.get_by_role("button", name="Pilih provinsi").click()
        expect(warga.locator("#id_isi")).to_have_value(ASLI)  # kept across the reload
    warga.locator("#id_kabupaten").select_option("35.11")
    warga.locator("#id_nama").fill("Dwi Lestari")
    warga.locator("#id_instansi").fill("SDN Tamanan 2")
    warga.locator("#id_email").fill("dwi@contoh.id")
    warga.screenshot(path=folder_hasil / f"tanya-formulir-{ukuran}.png", full_page=True)
    warga.get_by_role("button", name="Kirim pertanyaan").click()
    expect(warga.locator("#konfirmasi-tanya")).to_contain_text("dikirim ke e-mail")
    warga.screenshot(path=folder_hasil / f"tanya-terkirim-{ukuran}.png", full_page=True)
    p = Pertanyaan.objects.get()
    assert (p.wilayah_id, p.nama, p.email) == ("35.11", "Dwi Lestari", "dwi@contoh.id")
    assert Notifikasi.objects.filter(penerima=staf, jenis="tanya_baru").exists()

    # 2. Bawaslu Kabupaten Bondowoso answers and publishes, from its notification.
    meja = browser.new_context(viewport=DESKTOP, locale="id-ID", timezone_id="Asia/Jakarta")
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, staf.username)
    admin.goto(live_server.url + "/admin/notifikasi/")
    admin.get_by_role("link", name="Pertanyaan baru untuk Bawaslu Kabupaten Bondowoso").click()
    expect(admin.locator("body")).to_contain_text("SDN Tamanan 2")
    admin.get_by_role("link", name="Jawab", exact=True).click()
    admin.locator("#id_jawaban").fill(JAWABAN)
    admin.get_by_role("button", name="Simpan jawaban").click()
    expect(admin.locator(".messagelist")).to_contain_text("dikirim ke e-mail penanya")
    admin.get_by_role("link", name="Terbitkan", exact=True).click()
    expect(admin.locator("#id_isi_publik")).to_have_value(ASLI)
    # Publishing the asker's own words is refused: the name and school are still in them.
    admin.locator("#id_yakin").check()
    admin.get_by_role("button", name="Terbitkan").click()
    expect(admin.locator(".errornote")).to_contain_text("masih memuat nama penanya")
    admin.locator("#id_isi_publik").fill(PUBLIK)
    admin.locator("#id_yakin").check()
    admin.screenshot(path=folder_hasil / f"tanya-admin-terbitkan-{ukuran}.png", full_page=True)
    admin.get_by_role("button", name="Terbitkan").click()
    expect(admin.locator(".messagelist")).to_contain_text("diterbitkan")
    admin.screenshot(path=folder_hasil / f"tanya-admin-pertanyaan-{ukuran}.png", full_page=True)
    p.refresh_from_db()
    assert p.terbit and p.email == "" and p.isi == ASLI

    # 3. The civil servant finds it by searching.
    warga.goto(live_server.url + "/tanya/")
    warga.locator("#id_q").fill("facebook like")
    warga.get_by_role("button", name="Cari").click()
    expect(warga.locator("#daftar-tanya li")).to_have_count(1)
    warga.screenshot(path=folder_hasil / f"tanya-daftar-{ukuran}.png", full_page=True)
    warga.get_by_role("link", name=PUBLIK).click()
    expect(warga.locator("#jawaban")).to_contain_text("hukuman disiplin berat")
    halaman = warga.content()
    assert "Tamanan" not in halaman and "Dwi" not in halaman
    warga.screenshot(path=folder_hasil / f"tanya-jawaban-{ukuran}.png", full_page=True)

    # 4. Before reporting, the category help of /lapor/ opens the answers of the chosen category in
    # a new tab; the report form keeps what was typed.
    warga.goto(live_server.url + "/lapor/")
    warga.locator("#id_kronologi").fill("Sudah saya tulis sebagian.")
    warga.locator("#id_kategori").select_option("interaksi-media-sosial")
    with warga.context.expect_page() as tab_baru:
        warga.get_by_role("link", name="Lihat tanya jawab: apa yang termasuk pelanggaran").click()
    tanya = tab_baru.value
    tanya.wait_for_load_state()
    if not ponsel:  # lapor.js points the link at the chosen category
        assert tanya.url.endswith("/tanya/?topik=interaksi-media-sosial")
        expect(tanya.locator("#keterangan-topik")).to_contain_text("Interaksi media sosial")
    else:
        # Without JavaScript the link is the whole list, which this phone saw empty in step 1: the
        # list may be kept a minute (Cache-Control max-age=60), so the browser may show it from its
        # cache; a reload asks the server again.
        assert tanya.url.endswith("/tanya/")
        tanya.reload()
    expect(tanya.locator("#daftar-tanya")).to_contain_text(PUBLIK)
    tanya.screenshot(path=folder_hasil / f"tanya-dari-lapor-{ukuran}.png", full_page=True)
    expect(warga.locator("#id_kronologi")).to_have_value("Sudah saya tulis sebagian.")
    meja.close()
    warga.context.close()
