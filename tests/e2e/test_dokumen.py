"""Staff print the laporan form from the case page, on a phone and at a desk: the browser downloads
a PDF (attachment, A4), and the case page with its documents box is screenshotted at both sizes."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from netralitas.akun.models import Peran
from tests.e2e.conftest import PONSEL
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_pengaduan, buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]


@pytest.mark.parametrize(
    "ukuran,nama",
    [(PONSEL, "ponsel"), ({"width": 1280, "height": 900}, "desktop")],
)
def test_staf_mengunduh_formulir_laporan_pdf(
    live_server, wilayah_kabupaten_malang, browser, folder_hasil, ukuran, nama
):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username=f"cetak.{nama}", first_name="Rina")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007", email="warga@contoh.id")

    konteks = browser.new_context(viewport=ukuran, locale="id-ID", timezone_id="Asia/Jakarta", accept_downloads=True)
    halaman = konteks.new_page()
    masuk_admin(halaman, live_server.url, staf.username)
    halaman.goto(f"{live_server.url}/admin/pengaduan/pengaduan/{p.pk}/change/")
    kotak = halaman.locator("#dokumen")
    expect(kotak).to_be_visible()
    for tombol in ("Cetak formulir laporan", "Tanda terima", "Pemberitahuan status"):
        expect(kotak.get_by_role("link", name=tombol, exact=True)).to_be_visible()
    kotak.scroll_into_view_if_needed()
    halaman.screenshot(path=folder_hasil / f"dokumen-kasus-{nama}.png", full_page=True)

    with halaman.expect_download() as unduhan:
        kotak.get_by_role("link", name="Cetak formulir laporan").click()
    u = unduhan.value
    assert u.suggested_filename == f"formulir-laporan-{p.pk}.pdf"
    isi = open(u.path(), "rb").read()
    assert isi.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(isi))
    assert round(float(pdf.pages[0].mediabox.width)) == 595
    teks = " ".join(pdf.pages[0].extract_text().split())
    assert "FORMULIR LAPORAN" in teks and "KABUPATEN MALANG" in teks
    (folder_hasil / f"formulir-laporan-{nama}.pdf").write_bytes(isi)
    konteks.close()


def test_pelapor_mengunduh_pemberitahuan_status_di_lacak(live_server, wilayah_kabupaten_malang, ponsel, folder_hasil):
    from pengaduan.triase.services import kirim_pemberitahuan_status
    from tests.e2e.test_pelapor import buka_lacak

    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="kirim.pemberitahuan")
    p, kode = buat_pengaduan(wilayah="35.07.13.1007")
    kirim_pemberitahuan_status(pengaduan=p, oleh=staf)

    buka_lacak(ponsel, live_server.url, kode)
    kotak = ponsel.locator("#pemberitahuan-status")
    expect(kotak).to_be_visible()
    expect(ponsel.locator(".linimasa")).to_contain_text("Pemberitahuan status dikirim")
    ponsel.screenshot(path=folder_hasil / "lacak-pemberitahuan-ponsel.png", full_page=True)
    with ponsel.expect_download() as unduhan:
        kotak.get_by_role("link", name="Unduh pemberitahuan status (PDF)").click()
    isi = open(unduhan.value.path(), "rb").read()
    teks = " ".join(PdfReader(io.BytesIO(isi)).pages[0].extract_text().split())
    assert "PEMBERITAHUAN TENTANG STATUS LAPORAN" in teks and "Diterima, menunggu kajian awal" in teks
