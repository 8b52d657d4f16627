"""A Panwascam clerk enters a walk-in report with a photo in the admin, at a phone's width and at a
desk: the code is shown once, and the buttons to print the laporan form and the receipt are there."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from pengaduan.models import Kanal, Pengaduan
from tests.e2e.conftest import PONSEL
from tests.e2e.test_triase import masuk_admin
from tests.factories import NIK_SAH, buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]


def isi_laporan_datang_langsung(halaman, foto) -> None:
    """The entry form filled as a clerk fills it for a walk-in reporter with a photo (not sent)."""
    hari_ini = timezone.localdate()
    isi = {
        "nama": "Sri Wahyuni",
        "nik": NIK_SAH,
        "tempat_lahir": "Malang",
        "tanggal_lahir": "1990-06-05",
        "pekerjaan": "Guru",
        "alamat": "Jl. Kawi 12, Kepanjen",
        "telepon": "081234567890",
        "terlapor-0-nama": "Drs. Bambang",
        "terlapor-0-instansi_teks": "Kantor Kecamatan",
        "tanggal_kejadian": (hari_ini - datetime.timedelta(days=2)).isoformat(),
        "tanggal_diketahui": (hari_ini - datetime.timedelta(days=1)).isoformat(),
        "alamat_kejadian": "Balai desa",
        "kronologi": "Terlapor mengajak peserta rapat desa memilih pasangan calon nomor 2.",
    }
    for nama, nilai in isi.items():
        halaman.locator(f"[name='{nama}']").fill(nilai)
    halaman.locator("input[name=jenis_kelamin][value=P]").check()
    halaman.locator("input[name=jenis_pemilihan][value=pilkada]").check()
    halaman.locator("select[name=kategori]").select_option("kegiatan-keberpihakan")
    halaman.locator("select[name=desa]").select_option("35.07.13.1007")
    halaman.locator("input[name=berkas]").set_input_files(foto)


@pytest.mark.parametrize("ukuran", ["ponsel", "meja"])
def test_panwascam_mengentri_laporan_datang_langsung_dan_melihat_kode_sekali(
    live_server, wilayah_kabupaten_malang, browser, foto, folder_hasil, ukuran
):
    staf = buat_staf(Peran.PANWASCAM, "35.07.13", username=f"panwascam.uji.{ukuran}", first_name="Siti")
    viewport = PONSEL if ukuran == "ponsel" else {"width": 1280, "height": 900}
    konteks = browser.new_context(
        viewport=viewport, is_mobile=ukuran == "ponsel", locale="id-ID", timezone_id="Asia/Jakarta"
    )
    halaman = konteks.new_page()
    masuk_admin(halaman, live_server.url, staf.username)

    halaman.goto(live_server.url + "/admin/pengaduan/pengaduan/")
    halaman.locator("a.addlink").click()
    expect(halaman.locator("h1")).to_contain_text("Entri pengaduan")
    isi_laporan_datang_langsung(halaman, foto)
    # The kecamatan is the clerk's own, fixed; its villages are offered.
    expect(halaman.locator("select[name=kecamatan]")).to_be_disabled()
    halaman.screenshot(path=folder_hasil / f"entri-staf-{ukuran}.png", full_page=True)
    halaman.get_by_role("button", name="Simpan pengaduan").click()

    expect(halaman.locator("#kode-pelacakan")).to_be_visible()
    kode = halaman.locator("#kode-pelacakan").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", kode), kode
    # The documents themselves are pengaduan.dokumen's pages; here, their buttons.
    expect(halaman.locator("#cetak-formulir")).to_contain_text("Cetak formulir laporan")
    expect(halaman.locator("#form-tanda-terima")).to_contain_text("Cetak tanda terima")
    expect(halaman.get_by_text("hanya ditampilkan sekali")).to_be_visible()
    halaman.screenshot(path=folder_hasil / f"entri-staf-tersimpan-{ukuran}.png", full_page=True)
    # Nothing wider than the phone: the code and the buttons fit.
    lebar = halaman.evaluate("() => document.documentElement.scrollWidth")
    assert lebar <= viewport["width"] + 1, lebar
    assert kode not in halaman.url and kode.replace("-", "") not in halaman.url

    p = Pengaduan.objects.get()
    assert p.kanal == Kanal.DATANG_LANGSUNG and p.diterima_oleh_id == staf.pk and p.bukti.count() == 1
    # The page is not kept: going back and forth never shows the code from a cache.
    halaman.reload()
    expect(halaman.locator("#kode-pelacakan")).to_have_count(0)
    konteks.close()
