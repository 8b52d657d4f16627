"""A recommendation that reaches an agency without an account: Bawaslu forwards a case to BKN
(no reviewer account), downloads the package once the stripped copies are ready, and the PDF
holds no identity (text extraction) and the ZIP's copies no metadata (exiftool); then Bawaslu
records BKN's sanction from its letter, on BKN's behalf, and the case says so."""

import io
import json
import subprocess
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from netralitas.akun.models import Instansi, Peran
from pengaduan import transisi
from pengaduan.models import PaketRekomendasi, Sanksi, Status
from tests.e2e.test_triase import masuk_admin
from tests.factories import NIK_SAH, buat_pengaduan, buat_staf, exif_gps, jpeg, pdf_halaman

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]

IDENTITAS = ("Warga Uji", NIK_SAH, "081234567890", "warga.uji@contoh.id", "Jl. Uji 1")
METADATA = ("GPSLatitude", "GPSLongitude", "GPSPosition", "SerialNumber", "Author", "Creator", "Make")


def _exiftool(path) -> dict:
    keluar = subprocess.run(["exiftool", "-json", "-a", "-G1", str(path)], capture_output=True, check=True, text=True)
    return json.loads(keluar.stdout)[0]


def test_paket_untuk_bkn_lalu_sanksi_atas_nama(
    live_server, wilayah_kabupaten_malang, browser, buka_ponsel, tmp_path, folder_hasil
):
    bkn = Instansi.objects.get(singkatan="BKN")
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.paket.e2e", first_name="Rina")
    p, _ = buat_pengaduan(
        wilayah="35.07.13.1007",
        email="warga.uji@contoh.id",
        kronologi="Saya Warga Uji melihat terlapor mengajak memilih pasangan calon di grup pegawai.",
        unggahan=[
            jpeg(640, 480, exif=exif_gps(), nama="foto-warga-uji.jpg"),
            pdf_halaman("tangkapan.pdf", penulis="Warga Uji"),
        ],
    )
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    surat = tmp_path / "surat-rekomendasi.pdf"
    surat.write_bytes(pdf_halaman(penulis="Sekretariat").read())
    surat_bkn = tmp_path / "surat-bkn.pdf"
    surat_bkn.write_bytes(pdf_halaman().read())
    sk = tmp_path / "sk-bkn.pdf"
    sk.write_bytes(pdf_halaman().read())
    hari_ini = timezone.localdate().isoformat()

    meja = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta", accept_downloads=True
    )
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, staf.username)
    admin.goto(f"{live_server.url}/admin/pengaduan/pengaduan/{p.pk}/change/")
    admin.get_by_role("link", name="Diteruskan (rekomendasi dikirim)").click()
    admin.locator("[name=instansi]").select_option(str(bkn.pk))  # labelled "— belum ada akun peninjau"
    admin.locator("[name=temuan]").fill("Terlapor mengajak pegawai memilih pasangan calon.")
    admin.locator("[name=jalur]").select_option("disiplin")
    admin.locator("[name=nomor_surat]").fill("011/PM.00.02/K.JI-06/XII/2026")
    admin.locator("[name=tanggal_surat]").fill(hari_ini)
    admin.locator("[name=surat]").set_input_files(surat)
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator(".messagelist")).to_contain_text("belum memiliki akun peninjau")

    # The package page: the copies are ready (made on forwarding), the form is offered.
    admin.get_by_role("link", name="Paket rekomendasi (PDF + ZIP)").click()
    expect(admin.locator("#berkas-tertunda")).to_have_count(0)
    admin.locator("[name=instansi]").select_option(label=bkn.nama)
    admin.locator("[name=cara_kirim]").select_option("pos")
    admin.locator("[name=referensi_kirim]").fill("RR 1234 5678 ID")
    admin.get_by_role("button", name="Buat dan catat paket").click()
    expect(admin.locator(".messagelist")).to_contain_text("Paket rekomendasi untuk Badan Kepegawaian Negara")
    expect(admin.locator("#paket-tercatat")).to_contain_text("RR 1234 5678 ID")
    admin.screenshot(path=folder_hasil / "paket-rekomendasi-desktop.png", full_page=True)

    with admin.expect_download() as unduhan:
        admin.locator("#paket-tercatat").get_by_role("link", name="PDF").click()
    data_pdf = open(unduhan.value.path(), "rb").read()
    teks = "\n".join(h.extract_text() or "" for h in PdfReader(io.BytesIO(data_pdf)).pages)
    assert "RINGKASAN PERKARA UNTUK INSTANSI" in teks and "011/PM.00.02/K.JI-06/XII/2026" in teks
    for rahasia in (*IDENTITAS, "foto-warga-uji"):
        assert rahasia not in teks, rahasia
    pdf_path = tmp_path / "paket.pdf"
    pdf_path.write_bytes(data_pdf)
    assert "Sekretariat" not in json.dumps(_exiftool(pdf_path))  # the letter's author does not travel

    with admin.expect_download() as unduhan:
        admin.locator("#paket-tercatat").get_by_role("link", name="ZIP").click()
    folder = tmp_path / "zip"
    with zipfile.ZipFile(unduhan.value.path()) as z:
        assert sorted(z.namelist()) == ["bukti-01.jpg", "bukti-02.pdf"]
        z.extractall(folder)
    for nama in ("bukti-01.jpg", "bukti-02.pdf"):
        meta = _exiftool(folder / nama)
        kunci = " ".join(meta)
        for m in METADATA:
            assert m not in kunci, (nama, m, meta)
        nilai = json.dumps(meta)
        assert "SERIAL-123456" not in nilai and "KameraMerek" not in nilai and "Warga Uji" not in nilai
    assert PaketRekomendasi.objects.get(pengaduan=p).dibuat_oleh == staf

    # The package page at 390 px.
    ponsel = buka_ponsel()
    ponsel.context.add_cookies(meja.cookies())
    ponsel.goto(f"{live_server.url}/admin/pengaduan/pengaduan/{p.pk}/paket/")
    expect(ponsel.locator("#paket-tercatat")).to_contain_text("Badan Kepegawaian Negara")
    ponsel.screenshot(path=folder_hasil / "paket-rekomendasi-390.png", full_page=True)

    # BKN answers by letter: Bawaslu records the sanction on its behalf.
    admin.goto(f"{live_server.url}/admin/pengaduan/pengaduan/{p.pk}/change/")
    admin.get_by_role("link", name="Catat sanksi dari surat instansi (atas nama instansi)").click()
    admin.locator("[name=instansi]").select_option(label=bkn.nama)
    admin.locator("[name=nomor_surat_instansi]").fill("B-4567/BKN/XII/2026")
    admin.locator("[name=tanggal_surat_instansi]").fill(hari_ini)
    admin.locator("[name=surat_instansi]").set_input_files(surat_bkn)
    admin.locator("[name=terlapor]").select_option(label="Pejabat Uji")
    admin.locator("[name=jalur]").select_option("disiplin")
    admin.locator("[name=tingkat]").select_option("ringan")
    admin.locator("[name=jenis]").select_option("teguran_tertulis")
    admin.locator("[name=nomor_sk]").fill("800/99/BKN/2026")
    admin.locator("[name=tanggal_sk]").fill(hari_ini)
    admin.locator("[name=pejabat]").fill("Kepala BKN")
    admin.locator("[name=dokumen_sk]").set_input_files(sk)
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator(".messagelist")).to_contain_text("dicatat atas nama instansi")
    expect(admin.locator("#sanksi")).to_contain_text("Dicatat oleh Bawaslu atas nama instansi")
    expect(admin.locator("#sanksi")).to_contain_text("B-4567/BKN/XII/2026")
    expect(admin.locator("#linimasa")).to_contain_text("dicatat oleh bawaslu atas nama instansi")
    admin.screenshot(path=folder_hasil / "sanksi-atas-nama.png", full_page=True)
    s = Sanksi.objects.get(pengaduan=p)
    assert s.atas_nama_instansi and s.instansi == bkn and s.dicatat_oleh == staf
    meja.close()
