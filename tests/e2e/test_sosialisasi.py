"""Staff of Kabupaten Malang record an event with a photo and import its attendance list; the public
finds it on /sosialisasi/ on a phone, without the attendance list."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from sosialisasi.models import Kegiatan
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_staf, exif_gps, jpeg

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]


def test_staf_mencatat_kegiatan_publik_menemukannya(
    live_server, wilayah_kabupaten_malang, browser, buka_ponsel, tmp_path, folder_hasil
):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.malang.sos", first_name="Rina")
    foto = tmp_path / "apel.jpg"
    foto.write_bytes(jpeg(1200, 800, exif=exif_gps()).read())
    hadir = tmp_path / "daftar-hadir.csv"
    hadir.write_bytes(
        "nama;NIP;jabatan;instansi\r\n"
        "Sutrisno Pranoto, S.Pd.;198503152010011002;Guru;Dinas Pendidikan\r\n"
        "Wayan Sudarsana;;Staf;Kecamatan Kepanjen\r\n"
        "Tanggal Salah;198513152010011002;Staf;Dinas\r\n".encode("cp1252")
    )
    tanggal = (timezone.localdate() + datetime.timedelta(days=4)).isoformat()

    meja = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta")
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, staf.username)
    admin.goto(live_server.url + "/admin/sosialisasi/kegiatan/add/")
    admin.locator("#id_jenis").select_option("apel_ikrar")
    admin.locator("#id_judul").fill("Apel netralitas ASN Kecamatan Kepanjen")
    admin.locator("#id_mulai_0").fill(tanggal)
    admin.locator("#id_mulai_1").fill("08:00:00")
    admin.locator(".field-wilayah .select2-selection").click()
    admin.locator(".select2-search__field[aria-controls=select2-id_wilayah-results]").fill("Kepanjen")
    admin.locator(".select2-results__option", has_text="Kepanjen").first.click()
    admin.locator("#id_tempat").fill("Alun-alun Kepanjen")
    admin.locator("#id_penyelenggara").fill("Bawaslu Kabupaten Malang")
    admin.locator("#id_peserta_luring").fill("350")
    admin.locator("[name=narasumber-0-nama]").fill("Dr. Sri Wahyuni")
    admin.locator("[name=narasumber-0-lembaga]").fill("BKN")
    admin.locator("[name=foto-0-berkas]").set_input_files(foto)
    admin.locator("[name=foto-0-keterangan]").fill("Peserta apel")
    admin.locator("input[name=_continue]").click()
    expect(admin.locator(".messagelist")).to_contain_text("berhasil")

    admin.get_by_role("link", name="Impor dari CSV/XLSX").click()
    admin.locator("[name=berkas]").set_input_files(hadir)
    admin.get_by_role("button", name="Impor").click()
    expect(admin.locator("#hasil-impor")).to_contain_text("2 ditambahkan")
    expect(admin.locator("#hasil-impor")).to_contain_text("1 baris dilewati")
    admin.screenshot(path=folder_hasil / "admin-impor-daftar-hadir.png", full_page=True)
    k = Kegiatan.objects.get()
    assert k.peserta.count() == 2 and k.foto.get().status_thumbnail == "siap"

    # The public, on a phone without JavaScript.
    ponsel = buka_ponsel(javascript=False)
    ponsel.goto(live_server.url + "/sosialisasi/")
    ponsel.locator("#id_provinsi").select_option("35")
    ponsel.get_by_role("button", name="Tampilkan").click()
    ponsel.locator("#id_kabkota").select_option("35.07")
    ponsel.get_by_role("button", name="Tampilkan").click()
    ponsel.get_by_role("link", name="Apel netralitas ASN Kecamatan Kepanjen").click()
    expect(ponsel.locator("#fakta-kegiatan")).to_contain_text("350 luring")
    expect(ponsel.locator("#narasumber")).to_contain_text("Dr. Sri Wahyuni")
    gambar = ponsel.locator("#foto-kegiatan img")
    expect(gambar).to_be_visible()
    assert gambar.evaluate("i => i.naturalWidth") == 640
    assert "198503152010011002" not in ponsel.content() and "Sutrisno" not in ponsel.content()
    ponsel.screenshot(path=folder_hasil / "sosialisasi-ponsel.png", full_page=True)
    meja.close()
