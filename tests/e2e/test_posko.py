"""The posko end to end, as its users meet it: a Panwascam clerk takes a walk-in report at the
office and prints the laporan form and the receipt; the citizen follows the case on /lacak/ with
the code printed on that receipt and writes to Bawaslu; Bawaslu Kabupaten Malang answers; the
citizen reads the answer. The clerk works at a phone's width and at a desk."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from netralitas.akun.models import Peran
from pengaduan.models import ArahPesan, Pengaduan, Pesan
from tests.e2e.conftest import PONSEL
from tests.e2e.test_entri_staf import isi_laporan_datang_langsung
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]

PESAN_WARGA = "Saya punya rekaman suara rapat itu. Ke mana saya kirimkan?"
JAWABAN = "Silakan lampirkan rekamannya di halaman ini; kami akan memanggil Anda untuk klarifikasi."


def _teks_pdf(jalur) -> str:
    with open(jalur, "rb") as f:
        isi = f.read()
    assert isi.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(isi))
    assert round(float(pdf.pages[0].mediabox.width)) == 595  # A4
    return " ".join(" ".join(h.extract_text() for h in pdf.pages).split())


@pytest.mark.parametrize("ukuran", ["ponsel", "meja"])
def test_laporan_datang_langsung_sampai_percakapan_dengan_pelapor(
    live_server, wilayah_kabupaten_malang, browser, buka_ponsel, foto, folder_hasil, ukuran
):
    panwascam = buat_staf(Peran.PANWASCAM, "35.07.13", username=f"panwascam.posko.{ukuran}", first_name="Siti")
    bawaslu = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username=f"bawaslu.posko.{ukuran}", first_name="Rina")

    # 1. The clerk at the Panwascam Kepanjen takes the report and prints both documents.
    viewport = PONSEL if ukuran == "ponsel" else {"width": 1280, "height": 900}
    konteks = browser.new_context(
        viewport=viewport,
        is_mobile=ukuran == "ponsel",
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        accept_downloads=True,
    )
    loket = konteks.new_page()
    masuk_admin(loket, live_server.url, panwascam.username)
    loket.goto(live_server.url + "/admin/pengaduan/pengaduan/")
    loket.locator("a.addlink").click()
    isi_laporan_datang_langsung(loket, foto)
    loket.get_by_role("button", name="Simpan pengaduan").click()
    expect(loket.locator("#kode-pelacakan")).to_be_visible()
    kode_layar = loket.locator("#kode-pelacakan").inner_text().strip()
    loket.screenshot(path=folder_hasil / f"posko-kode-sekali-{ukuran}.png", full_page=True)

    with loket.expect_download() as unduhan:
        loket.locator("#cetak-formulir").click()
    formulir = _teks_pdf(unduhan.value.path())
    assert "FORMULIR LAPORAN" in formulir and "Sri Wahyuni" in formulir and "Guru" in formulir
    assert "KECAMATAN KEPANJEN" in formulir  # the receiving office's letterhead

    with loket.expect_download() as unduhan:
        loket.locator("#form-tanda-terima button").click()
    tanda_terima = _teks_pdf(unduhan.value.path())
    assert "TANDA BUKTI PENYAMPAIAN LAPORAN" in tanda_terima
    # What the citizen takes home: the code as printed on the receipt.
    kode = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", tanda_terima).group(0)
    assert kode == kode_layar
    konteks.close()
    p = Pengaduan.objects.get()
    assert p.kantor_wilayah_id == "35.07" and p.diterima_kantor_wilayah_id == "35.07.13"

    # 2. At home, on a phone without JavaScript, the citizen follows it with the printed code.
    ponsel = buka_ponsel(javascript=False)
    ponsel.goto(live_server.url + "/lacak/")
    ponsel.get_by_label("Kode pelacakan").fill(kode.lower().replace("-", " "))  # typed as people type
    ponsel.get_by_role("button", name="Lihat status").click()
    expect(ponsel.get_by_role("heading", name="Percakapan dengan Bawaslu")).to_be_visible()
    ponsel.get_by_label("Pesan untuk Bawaslu").fill(PESAN_WARGA)
    ponsel.get_by_role("button", name="Kirim pesan").click()
    expect(ponsel.get_by_text("Pesan Anda sudah terkirim ke Bawaslu.")).to_be_visible()
    ponsel.screenshot(path=folder_hasil / f"posko-lacak-pesan-{ukuran}.png", full_page=True)

    # 3. Bawaslu Kabupaten Malang, the handling office, is told and answers.
    meja = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta")
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, bawaslu.username)
    admin.goto(live_server.url + "/admin/notifikasi/")
    admin.get_by_role("link", name=re.compile("Pelapor mengirim pesan")).first.click()
    percakapan = admin.locator("#percakapan")
    expect(percakapan).to_contain_text(PESAN_WARGA)
    percakapan.get_by_role("link", name="Kirim pesan ke pelapor").click()
    admin.locator("[name=teks]").fill(JAWABAN)
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator(".messagelist")).to_contain_text("Pesan terkirim ke pelapor")
    meja.close()
    assert Pesan.objects.filter(pengaduan=p, arah=ArahPesan.KEPADA_PELAPOR, penulis=bawaslu).count() == 1

    # 4. The citizen reads the answer, signed by Bawaslu, not by the officer.
    ponsel.reload()
    expect(ponsel.locator("#daftar-pesan")).to_contain_text(JAWABAN)
    expect(ponsel.locator("#daftar-pesan")).not_to_contain_text("Rina")
    ponsel.screenshot(path=folder_hasil / f"posko-lacak-jawaban-{ukuran}.png", full_page=True)
