"""Bawaslu forwards a case; the agency's reviewer reads it without the reporter's identity, downloads
an evidence photo stripped of its metadata, and records a sanction; Bawaslu sees it; the reporter
reads the public outcome on /lacak/."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from netralitas.akun.models import Instansi, Peran
from pengaduan import transisi
from pengaduan.models import Sanksi, Status
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_pengaduan, buat_peninjau, buat_staf, exif_gps, jpeg, pdf_halaman

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]


def test_rekomendasi_sampai_sanksi_dan_hasil_publik(
    live_server, wilayah_kabupaten_malang, browser, buka_ponsel, tmp_path, folder_hasil
):
    malang = Instansi.objects.get(wilayah_id="35.07")
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.malang.e2e", first_name="Rina")
    peninjau = buat_peninjau(malang, nip="197001012000031001", username="inspektorat.malang.e2e")
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", unggahan=[jpeg(640, 480, exif=exif_gps(), nama="bukti.jpg")])
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    surat = tmp_path / "surat-rekomendasi.pdf"
    surat.write_bytes(pdf_halaman().read())
    sk = tmp_path / "sk-hukuman.pdf"
    sk.write_bytes(pdf_halaman().read())
    hari_ini = timezone.localdate().isoformat()

    # Bawaslu forwards the recommendation with its signed letter.
    meja = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta")
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, staf.username)
    admin.goto(f"{live_server.url}/admin/pengaduan/pengaduan/{p.pk}/change/")
    admin.get_by_role("link", name="Diteruskan (rekomendasi dikirim)").click()
    admin.locator("[name=instansi]").select_option(label=malang.nama)
    admin.locator("[name=temuan]").fill("Terlapor mengunggah ajakan memilih pasangan calon.")
    admin.locator("[name=jalur]").select_option("disiplin")
    admin.locator("[name=nomor_surat]").fill("010/PM.00.02/K.JI-06/XI/2026")
    admin.locator("[name=tanggal_surat]").fill(hari_ini)
    admin.locator("[name=surat]").set_input_files(surat)
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator(".messagelist")).to_contain_text("Rekomendasi diteruskan")
    expect(admin.locator("#penanganan")).to_contain_text("Diteruskan")

    # The reviewer of that agency: the case, the finding, the terlapor; never the reporter.
    kantor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", accept_downloads=True)
    instansi = kantor.new_page()
    masuk_admin(instansi, live_server.url, peninjau.username)
    expect(instansi.locator("#notifikasi-saya")).to_contain_text("1 baru")
    instansi.goto(live_server.url + "/admin/pengaduan/kasusinstansi/")
    instansi.get_by_role("link", name=p.nomor_registrasi).click()
    expect(instansi.locator("#rekomendasi")).to_contain_text("010/PM.00.02/K.JI-06/XI/2026")
    isi = instansi.content()
    for rahasia in ("Warga Uji", "3507104506900002", "Jl. Uji 1", "081234567890", "bukti.jpg"):
        assert rahasia not in isi
    with instansi.expect_download() as unduhan:
        instansi.get_by_role("link", name="Unduh salinan").click()
    data = open(unduhan.value.path(), "rb").read()
    foto = Image.open(io.BytesIO(data))
    assert foto.size == (640, 480) and not foto.getexif() and b"SERIAL-123456" not in data

    instansi.get_by_role("link", name="Mulai pemeriksaan").click()
    instansi.locator("[name=tanggal_mulai]").fill(hari_ini)
    instansi.locator("[name=pemeriksa]").fill("Tim Inspektorat Kabupaten Malang")
    instansi.get_by_role("button", name="Simpan").click()
    expect(instansi.locator("#status-kasus")).to_have_text("Pemeriksaan instansi")

    instansi.get_by_role("link", name="Catat sanksi").click()
    instansi.locator("[name=terlapor]").select_option(label="Pejabat Uji")
    instansi.locator("[name=jalur]").select_option("disiplin")
    instansi.locator("[name=tingkat]").select_option("sedang")
    # A mismatched type is refused with a message, the entries kept.
    instansi.locator("[name=jenis]").select_option("teguran_lisan")
    instansi.locator("[name=nomor_sk]").fill("800/45/35.07.201/2026")
    instansi.locator("[name=tanggal_sk]").fill(hari_ini)
    instansi.locator("[name=pejabat]").fill("Bupati Malang")
    instansi.locator("[name=dokumen_sk]").set_input_files(sk)
    instansi.get_by_role("button", name="Simpan").click()
    expect(instansi.locator(".errorlist")).to_contain_text("bukan hukuman disiplin sedang")
    expect(instansi.locator("[name=nomor_sk]")).to_have_value("800/45/35.07.201/2026")
    instansi.locator("[name=jenis]").select_option("potong_tukin_6")
    instansi.locator("[name=dokumen_sk]").set_input_files(sk)
    instansi.get_by_role("button", name="Simpan").click()
    expect(instansi.locator(".messagelist")).to_contain_text("Sanksi dicatat")
    expect(instansi.locator("#sanksi")).to_contain_text("Pemotongan tunjangan kinerja 25% selama 6 bulan")
    instansi.screenshot(path=folder_hasil / "instansi-sanksi.png", full_page=True)
    assert Sanksi.objects.get(pengaduan=p).jenis == "potong_tukin_6"

    # Bawaslu sees the sanction on its case.
    admin.reload()
    expect(admin.locator("#sanksi")).to_contain_text("Pemotongan tunjangan kinerja 25% selama 6 bulan")
    expect(admin.locator("#sanksi")).to_contain_text("800/45/35.07.201/2026")

    # The reporter reads the public outcome: the kind of sanction, no names.
    ponsel = buka_ponsel(javascript=False)
    ponsel.goto(live_server.url + "/lacak/")
    ponsel.get_by_label("Kode pelacakan").fill(kode)
    ponsel.get_by_role("button", name="Lihat status").click()
    expect(ponsel.locator("#status-publik")).to_have_text("Sanksi dijatuhkan")
    expect(ponsel.locator("#hasil-instansi")).to_contain_text("pemotongan tunjangan kinerja 25% selama 6 bulan")
    assert "Pejabat Uji" not in ponsel.content() and "800/45" not in ponsel.content()
    ponsel.screenshot(path=folder_hasil / "lacak-hasil-instansi.png", full_page=True)
    meja.close()
    kantor.close()
