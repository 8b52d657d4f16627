"""The conversation in real browsers: the reporter on a phone (390 px, without JavaScript) writes to
the office with a photo from /lacak/; Bawaslu Kabupaten Malang, at a desk, finds it through the
notification and the list's unread filter and answers; the reporter reads the answer."""

import re

import pytest
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from pengaduan.models import ArahPesan, LampiranPesan, Pesan
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_pengaduan, buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]

PERTANYAAN = "Terlapor mengunggah foto baru pagi ini. Apakah perlu saya kirim juga tautannya?"
JAWABAN = "Terima kasih, foto sudah kami terima. Tautan unggahan akan sangat membantu."


def test_pelapor_berpesan_dengan_foto_staf_kabupaten_menjawab(
    live_server, wilayah_kabupaten_malang, browser, buka_ponsel, foto, folder_hasil
):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.malang.pesan", first_name="Rina")
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", email="warga@contoh.id")

    # The reporter, on a phone without JavaScript, opens the case with the code from the receipt.
    ponsel = buka_ponsel(javascript=False)
    ponsel.goto(live_server.url + "/lacak/")
    ponsel.get_by_label("Kode pelacakan").fill(kode)
    ponsel.get_by_role("button", name="Lihat status").click()
    expect(ponsel.get_by_role("heading", name="Percakapan dengan Bawaslu")).to_be_visible()
    ponsel.get_by_label("Pesan untuk Bawaslu").fill(PERTANYAAN)
    ponsel.locator("#form-pesan [name=pesan-berkas]").set_input_files(foto)
    ponsel.get_by_role("button", name="Kirim pesan").click()
    expect(ponsel.get_by_text("Pesan Anda sudah terkirim ke Bawaslu.")).to_be_visible()
    expect(ponsel.locator("#daftar-pesan")).to_contain_text(PERTANYAAN)
    expect(ponsel.locator("#daftar-pesan")).to_contain_text("bukti-unggahan.jpg")
    assert kode not in ponsel.url and kode.replace("-", "") not in ponsel.url.upper()
    ponsel.screenshot(path=folder_hasil / "percakapan-pelapor-terkirim-390.png", full_page=True)
    assert LampiranPesan.objects.get(pesan__pengaduan=p).nama_asli == "bukti-unggahan.jpg"

    # Bawaslu Kabupaten Malang, at a desk: the notification leads to the case's conversation.
    meja = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta")
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, staf.username)
    admin.goto(live_server.url + "/admin/pengaduan/pengaduan/")
    admin.get_by_role("link", name="Ada pesan belum dibaca").click()
    expect(admin.get_by_role("link", name=f"#{p.pk}")).to_be_visible()
    admin.screenshot(path=folder_hasil / "percakapan-daftar-belum-dibaca.png", full_page=True)
    admin.goto(live_server.url + "/admin/notifikasi/")
    admin.get_by_role("link", name=re.compile("Pelapor mengirim pesan")).first.click()
    expect(admin).to_have_url(re.compile(rf"/admin/pengaduan/pengaduan/{p.pk}/change/#percakapan$"))
    percakapan = admin.locator("#percakapan")
    expect(percakapan).to_contain_text(PERTANYAAN)
    expect(percakapan).to_contain_text("(baru)")
    expect(percakapan.get_by_role("link", name="bukti-unggahan.jpg")).to_be_visible()
    admin.screenshot(path=folder_hasil / "percakapan-halaman-kasus.png", full_page=True)
    pesan = Pesan.objects.get(pengaduan=p, arah=ArahPesan.DARI_PELAPOR)
    assert pesan.dibaca_oleh_id == staf.pk

    # The answer, as a message to the reporter (not an internal note).
    percakapan.get_by_role("link", name="Kirim pesan ke pelapor").click()
    expect(admin.get_by_label(re.compile("Pesan untuk pelapor"))).to_be_checked()
    admin.locator("[name=teks]").fill(JAWABAN)
    admin.get_by_role("button", name="Perbarui pratinjau").click()
    expect(admin.locator("#pratinjau-pelapor")).to_contain_text(JAWABAN)
    admin.screenshot(path=folder_hasil / "percakapan-staf-menulis-pesan.png", full_page=True)
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator(".messagelist")).to_contain_text("Pesan terkirim ke pelapor")
    expect(admin.locator("#percakapan")).to_contain_text(JAWABAN)
    admin.goto(live_server.url + "/admin/pengaduan/pengaduan/?pesan=belum_dibaca")
    expect(admin.get_by_role("link", name=f"#{p.pk}")).to_have_count(0)

    # The same desk at a phone's width: the case page stays usable.
    admin.set_viewport_size({"width": 390, "height": 844})
    admin.goto(live_server.url + f"/admin/pengaduan/pengaduan/{p.pk}/change/#percakapan")
    expect(admin.locator("#percakapan")).to_contain_text(JAWABAN)
    admin.screenshot(path=folder_hasil / "percakapan-halaman-kasus-390.png", full_page=True)

    # The reporter reads the answer, signed "Bawaslu", never the officer's name.
    ponsel.reload()
    expect(ponsel.locator("#daftar-pesan")).to_contain_text(JAWABAN)
    expect(ponsel.locator("#daftar-pesan")).not_to_contain_text("Rina")
    ponsel.screenshot(path=folder_hasil / "percakapan-pelapor-jawaban-390.png", full_page=True)

    # And on a desktop browser with JavaScript, the same thread.
    layar = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
    layar.goto(live_server.url + "/lacak/")
    layar.get_by_label("Kode pelacakan").fill(kode)
    layar.get_by_role("button", name="Lihat status").click()
    expect(layar.locator("#daftar-pesan li")).to_have_count(2)
    layar.screenshot(path=folder_hasil / "percakapan-pelapor-desktop.png", full_page=True)
    layar.context.close()
    meja.close()
