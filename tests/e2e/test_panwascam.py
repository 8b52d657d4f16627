"""The Panwascam in the loop, in a real browser at a phone's size and at a desk's: a citizen files a
report on /lapor/ in Kepanjen; the Panwascam of Kepanjen (not the handling office, which is Bawaslu
Kabupaten Malang) logs in, finds it in its notifications and its case list, and records the result
of a clarification with its signed record."""

import pytest
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from pengaduan.models import HasilKlarifikasi, Pengaduan
from tests.e2e.test_pelapor import isi_laporan_lengkap, kode_dari_tanda_terima
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_staf, pdf_halaman

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]

UKURAN = {
    "ponsel": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "meja": {"viewport": {"width": 1280, "height": 900}},
}


@pytest.mark.parametrize("ukuran", ["ponsel", "meja"])
def test_panwascam_diberi_tahu_laporan_daring_di_kecamatannya_dan_mencatat_klarifikasi(
    live_server, wilayah_kabupaten_malang, browser, ponsel, foto, folder_hasil, tmp_path, ukuran
):
    kabupaten = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.malang.uji", email="kab@bawaslu.test")
    panwascam = buat_staf(
        Peran.PANWASCAM, "35.07.13", username="panwascam.kepanjen.uji", first_name="Sari", email="kpj@bawaslu.test"
    )

    # A citizen reports on a phone, in Kepanjen.
    ponsel.goto(live_server.url + "/lapor/")
    isi_laporan_lengkap(ponsel, foto)
    ponsel.get_by_role("button", name="Kirim laporan").click()
    kode_dari_tanda_terima(ponsel)
    p = Pengaduan.objects.get()
    assert (p.kantor_wilayah_id, p.kecamatan_kejadian) == ("35.07", "35.07.13")
    assert set(p.notifikasi.filter(jenis="pengaduan_baru").values_list("penerima", flat=True)) == {
        kabupaten.pk,
        panwascam.pk,
    }

    # The Panwascam logs in and finds it among its notifications.
    konteks = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **UKURAN[ukuran])
    admin = konteks.new_page()
    try:
        masuk_admin(admin, live_server.url, panwascam.username)
        admin.goto(live_server.url + "/admin/notifikasi/")
        tautan = admin.locator("#daftar-notifikasi").get_by_role("link", name=f"Pengaduan baru #{p.pk} di wilayah Anda")
        expect(tautan).to_be_visible()
        admin.screenshot(path=folder_hasil / f"panwascam-notifikasi-{ukuran}.png", full_page=True)
        tautan.click()
        expect(admin.locator("#pemantau")).to_contain_text("perubahan status diputuskan kantor penanganan")
        expect(admin.locator("#penanganan").get_by_role("link", name="Kajian awal", exact=True)).to_have_count(0)

        # And in its case list.
        admin.goto(live_server.url + "/admin/pengaduan/pengaduan/")
        expect(admin.get_by_role("link", name=f"#{p.pk}")).to_be_visible()
        admin.screenshot(path=folder_hasil / f"panwascam-daftar-{ukuran}.png", full_page=True)
        admin.get_by_role("link", name=f"#{p.pk}").click()

        # It records what the terlapor said when clarified, with the signed record.
        berita_acara = tmp_path / "berita-acara-klarifikasi.pdf"
        berita_acara.write_bytes(pdf_halaman().read())
        admin.locator("#pemantau").get_by_role("link", name="Catat hasil klarifikasi").click()
        admin.locator("[name=pihak]").fill("Drs. Bambang")
        admin.locator("[name=kedudukan]").select_option("terlapor")
        admin.locator("[name=tempat]").fill("Sekretariat Panwaslu Kecamatan Kepanjen")
        admin.locator("[name=ringkasan]").fill("Terlapor mengakui mengunggah foto itu di grup pegawai kecamatan.")
        admin.locator("[name=dokumen]").set_input_files(berita_acara)
        admin.screenshot(path=folder_hasil / f"panwascam-klarifikasi-isi-{ukuran}.png", full_page=True)
        admin.get_by_role("button", name="Simpan").click()
        expect(admin.locator(".messagelist")).to_contain_text("Hasil klarifikasi disimpan")
        expect(admin.locator("#klarifikasi")).to_contain_text("Terlapor mengakui")
        expect(admin.locator("#catatan")).to_contain_text("Hasil klarifikasi dicatat (Panwascam, Kec. Kepanjen)")
        admin.locator("#klarifikasi").scroll_into_view_if_needed()
        admin.screenshot(path=folder_hasil / f"panwascam-klarifikasi-{ukuran}.png", full_page=True)
    except Exception:
        admin.screenshot(path=folder_hasil / f"GAGAL-panwascam-admin-{ukuran}.png", full_page=True)
        raise
    finally:
        konteks.close()
    k = HasilKlarifikasi.objects.get(pengaduan=p)
    assert k.dicatat_oleh == panwascam and k.nama_dokumen == "berita-acara-klarifikasi.pdf"
