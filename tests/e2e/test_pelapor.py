"""The citizen's journey in a real browser at a phone's size: report, receipt, tracking, completion.

Data the migrations seed (categories, deadline rules, groups) is restored after every flush by
serialized_rollback; regions are loaded by each test (fixture `wilayah_kabupaten_malang`).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from netralitas.akun.models import Peran
from pengaduan import transisi, workflow
from pengaduan.models import Bukti, Kelengkapan, Pengaduan, Status
from tests.factories import NIK_SAH, NIP_PNS_SAH, buat_pengaduan

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]

DESA = "35.07.13.1007"  # Penarukan, Kepanjen, Kabupaten Malang
RANTAI_WILAYAH = [("provinsi", "35"), ("kabupaten", "35.07"), ("kecamatan", "35.07.13"), ("desa", DESA)]
TOMBOL_PILIH = {"provinsi": "Pilih provinsi", "kabupaten": "Pilih kabupaten/kota", "kecamatan": "Pilih kecamatan"}


def isi_laporan_tanpa_wilayah(halaman: Page, foto) -> None:
    """Everything but the region selects and the statement, as a citizen types it."""
    hari_ini = timezone.localdate()
    halaman.get_by_label("Laporan dengan identitas").check()
    halaman.locator("[name=nama]").fill("Sri Wahyuni")
    halaman.locator("[name=nik]").fill(NIK_SAH)
    halaman.locator("[name=alamat]").fill("Jl. Merdeka 10, Kepanjen")
    halaman.locator("[name=telepon]").fill("0812 3456 7890")

    halaman.locator("[name=terlapor-0-nama]").fill("Drs. Bambang")
    halaman.locator("[name=terlapor-0-nip]").fill(NIP_PNS_SAH)
    halaman.locator("[name=terlapor-0-jabatan]").fill("Camat")
    halaman.locator("[name=terlapor-0-instansi_teks]").fill("Pemerintah Kabupaten Malang")
    halaman.locator("[name=terlapor-0-jenis_asn]").select_option("pns")

    halaman.locator("[name=jenis_pemilihan][value=pilkada]").check()
    halaman.locator("[name=kategori]").select_option(label="Kampanye atau sosialisasi calon di media sosial")
    halaman.locator("[name=tanggal_kejadian]").fill((hari_ini - datetime.timedelta(days=3)).isoformat())
    halaman.locator("[name=tanggal_diketahui]").fill((hari_ini - datetime.timedelta(days=2)).isoformat())
    halaman.locator("[name=alamat_kejadian]").fill("Kantor kecamatan")
    halaman.locator("[name=kronologi]").fill(
        "Terlapor mengunggah foto bersama pasangan calon dengan ajakan memilih di grup pegawai kecamatan."
    )
    halaman.locator("[name=tautan]").fill("https://www.facebook.com/contoh/posts/123")
    halaman.locator("[name=berkas]").set_input_files(foto)


def kode_dari_tanda_terima(halaman: Page) -> str:
    expect(halaman).to_have_url(re.compile(r"/lapor/tanda-terima/$"))
    expect(halaman.get_by_role("heading", name="Laporan Anda sudah diterima")).to_be_visible()
    kode = halaman.locator("#kode-pelacakan").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", kode), kode
    return kode


def buka_lacak(halaman: Page, url: str, kode_diketik: str) -> None:
    halaman.goto(url + "/lacak/")
    kolom = halaman.get_by_label("Kode pelacakan")
    kolom.press_sequentially(kode_diketik)
    halaman.get_by_role("button", name="Lihat status").click()
    expect(halaman.get_by_role("heading", name="Status laporan")).to_be_visible()


def test_warga_melapor_dengan_foto_lalu_melacak_dengan_kode_huruf_kecil(
    live_server, wilayah_kabupaten_malang, ponsel, foto, folder_hasil
):
    ponsel.goto(live_server.url + "/lapor/")
    isi_laporan_tanpa_wilayah(ponsel, foto)

    # With JavaScript the "Pilih …" reload buttons are hidden and the selects fill themselves.
    for nama, kode in RANTAI_WILAYAH:
        if nama in TOMBOL_PILIH:
            expect(ponsel.get_by_role("button", name=TOMBOL_PILIH[nama])).to_be_hidden()
        pilihan = ponsel.locator(f"[name={nama}]")
        expect(pilihan.locator(f"option[value='{kode}']")).to_be_attached()
        pilihan.select_option(kode)
    expect(ponsel.locator("[name=desa]")).to_have_value(DESA)

    ponsel.get_by_label("Saya menyatakan bahwa laporan ini benar").check()
    ponsel.screenshot(path=folder_hasil / "lapor-terisi.png", full_page=True)
    ponsel.get_by_role("button", name="Kirim laporan").click()

    kode = kode_dari_tanda_terima(ponsel)
    expect(ponsel.locator("dd", has_text="1 berkas, 1 tautan")).to_be_visible()
    ponsel.screenshot(path=folder_hasil / "tanda-terima.png", full_page=True)

    p = Pengaduan.objects.get()
    assert p.wilayah_id == DESA and p.kantor_wilayah_id == "35.07"
    assert p.bukti.get().nama_asli == "bukti-unggahan.jpg"

    # Typed the way people do: lower case, spaces instead of dashes.
    buka_lacak(ponsel, live_server.url, kode.lower().replace("-", " "))
    expect(ponsel.locator("#status-publik")).to_have_text(workflow.LABEL_PUBLIK[Status.DIAJUKAN])
    ponsel.screenshot(path=folder_hasil / "lacak-status.png", full_page=True)


def test_tanpa_javascript_tombol_pilih_memuat_wilayah_berikutnya_dan_laporan_terkirim(
    live_server, wilayah_kabupaten_malang, buka_ponsel, foto, folder_hasil
):
    halaman = buka_ponsel(javascript=False)
    halaman.goto(live_server.url + "/lapor/")
    isi_laporan_tanpa_wilayah(halaman, foto)

    for nama, kode in RANTAI_WILAYAH:
        pilihan = halaman.locator(f"[name={nama}]")
        pilihan.select_option(kode)
        if nama in TOMBOL_PILIH:
            halaman.get_by_role("button", name=TOMBOL_PILIH[nama]).click()
            # The reload lands on the region section, not at the top of a ~4,900 px page...
            expect(halaman).to_have_url(re.compile(r"/lapor/#wilayah$"))
            expect(halaman.locator(f"[name={nama}]")).to_be_in_viewport()
            expect(halaman.get_by_role("button", name="Kirim laporan")).not_to_be_in_viewport()
            # ...keeps what was typed and the photo already received, and shouts no errors.
            expect(halaman.locator(f"[name={nama}]")).to_have_value(kode)
            expect(halaman.locator("[name=nama]")).to_have_value("Sri Wahyuni")
            expect(halaman.get_by_text("Berkas yang sudah diterima")).to_be_visible()
            expect(halaman.get_by_text("Ada isian yang perlu diperbaiki")).to_have_count(0)

    halaman.get_by_label("Saya menyatakan bahwa laporan ini benar").check()
    halaman.get_by_role("button", name="Kirim laporan").click()

    kode_dari_tanda_terima(halaman)
    halaman.screenshot(path=folder_hasil / "tanda-terima-tanpa-js.png", full_page=True)
    p = Pengaduan.objects.get()
    assert p.wilayah_id == DESA
    assert p.bukti.count() == 1


def test_pelapor_melengkapi_laporan_yang_diminta_perbaikan(
    live_server, wilayah_kabupaten_malang, ponsel, foto, folder_hasil
):
    p, kode = buat_pengaduan(wilayah=DESA)
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    permintaan = "Lampirkan tangkapan layar unggahan terlapor beserta tanggal unggahnya."
    transisi.ubah_status(pengaduan=p, ke=Status.PERLU_PERBAIKAN, peran=Peran.BAWASLU_KABKOTA, pesan_pelapor=permintaan)

    buka_lacak(ponsel, live_server.url, kode)
    expect(ponsel.locator("#status-publik")).to_have_text(workflow.LABEL_PUBLIK[Status.PERLU_PERBAIKAN])
    expect(ponsel.get_by_text("Bawaslu meminta Anda melengkapi laporan")).to_be_visible()
    expect(ponsel.get_by_text(permintaan)).to_be_visible()

    ponsel.get_by_label("Keterangan tambahan").fill("Tangkapan layar terlampir; unggahan dibuat pukul 08.15 WIB.")
    ponsel.locator("[name=berkas]").set_input_files(foto)
    ponsel.get_by_role("button", name="Kirim kelengkapan").click()

    expect(ponsel.get_by_text("Kelengkapan Anda sudah diterima")).to_be_visible()
    expect(ponsel.locator("#status-publik")).to_have_text(workflow.LABEL_PUBLIK[Status.KAJIAN_AWAL])
    expect(ponsel.get_by_text("Bawaslu meminta Anda melengkapi laporan")).to_have_count(0)
    ponsel.screenshot(path=folder_hasil / "lacak-setelah-kelengkapan.png", full_page=True)

    p.refresh_from_db()
    assert p.status == Status.KAJIAN_AWAL
    kelengkapan = Kelengkapan.objects.get(pengaduan=p)
    assert kelengkapan.teks.startswith("Tangkapan layar terlampir")
    bukti = Bukti.objects.get(pengaduan=p, kelengkapan=kelengkapan)
    assert bukti.nama_asli == "bukti-unggahan.jpg"


def test_formulir_terkirim_tanpa_ditolak_csrf(live_server, buka_ponsel):
    """The browser's own Origin header must pass Django's CSRF check: a policy of `no-referrer`
    made it `Origin: null`, and every form answered 403."""
    halaman = buka_ponsel()
    assert halaman.goto(live_server.url + "/lacak/").headers["referrer-policy"] == "same-origin"
    halaman.get_by_label("Kode pelacakan").fill("AAAA-BBBB-CCCC-DDDD")
    with halaman.expect_response(lambda r: r.request.method == "POST") as jawaban:
        halaman.get_by_role("button", name="Lihat status").click()
    assert jawaban.value.status == 400  # the form's own refusal of an unknown code, not CSRF's 403
    expect(halaman.get_by_text("Kode tidak dikenali")).to_be_visible()


# The code's characters, each with the line (its top) it is drawn on.
POSISI_KARAKTER_KODE = """(el) => {
  const hasil = [];
  const jalan = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = jalan.nextNode())) {
    for (let i = 0; i < n.data.length; i++) {
      if (!/[0-9A-Z]/.test(n.data[i])) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + 1);
      const b = r.getBoundingClientRect();
      hasil.push({ c: n.data[i], atas: Math.round(b.top + b.height / 2), kanan: b.right });
    }
  }
  return { karakter: hasil, kanan: el.getBoundingClientRect().right };
}"""


def isi_laporan_lengkap(halaman: Page, foto) -> None:
    isi_laporan_tanpa_wilayah(halaman, foto)
    for nama, kode in RANTAI_WILAYAH:
        pilihan = halaman.locator(f"[name={nama}]")
        expect(pilihan.locator(f"option[value='{kode}']")).to_be_attached()
        pilihan.select_option(kode)
    halaman.get_by_label("Saya menyatakan bahwa laporan ini benar").check()


@pytest.mark.parametrize("lebar", [320, 360, 390])
def test_kode_tidak_terputus_di_tengah_kelompok_dan_bertahan_saat_dimuat_ulang(
    live_server, wilayah_kabupaten_malang, ponsel, foto, folder_hasil, lebar
):
    ponsel.goto(live_server.url + "/lapor/")
    isi_laporan_lengkap(ponsel, foto)
    ponsel.get_by_role("button", name="Kirim laporan").click()
    kode = kode_dari_tanda_terima(ponsel)

    ponsel.set_viewport_size({"width": lebar, "height": 740})
    ponsel.reload()  # as a phone does after the camera app: the code is still there
    assert kode_dari_tanda_terima(ponsel) == kode
    ponsel.screenshot(path=folder_hasil / f"tanda-terima-{lebar}px.png", full_page=True)

    ukur = ponsel.locator("#kode-pelacakan").evaluate(POSISI_KARAKTER_KODE)
    karakter = ukur["karakter"]
    assert "".join(k["c"] for k in karakter) == kode.replace("-", "")
    baris_per_kelompok = [{k["atas"] for k in karakter[i : i + 4]} for i in range(0, 16, 4)]
    assert all(len(b) == 1 for b in baris_per_kelompok), baris_per_kelompok
    assert max(k["kanan"] for k in karakter) <= ukur["kanan"] + 1  # nothing runs off the card
    if lebar == 320:  # too narrow for one line: the break must fall between groups
        assert len({k["atas"] for k in karakter}) > 1


def test_salin_dan_unduh_kode_dari_tanda_terima(live_server, wilayah_kabupaten_malang, ponsel, foto):
    ponsel.goto(live_server.url + "/lapor/")
    isi_laporan_lengkap(ponsel, foto)
    ponsel.get_by_role("button", name="Kirim laporan").click()
    kode = kode_dari_tanda_terima(ponsel)

    ponsel.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    ponsel.get_by_role("button", name="Salin kode").click()
    expect(ponsel.get_by_role("status")).to_contain_text("Kode tersalin")
    assert ponsel.evaluate("navigator.clipboard.readText()") == kode

    with ponsel.expect_download() as unduhan:
        ponsel.get_by_role("link", name="Unduh tanda terima").click()
    assert unduhan.value.suggested_filename == f"tanda-terima-posko-netralitas-{kode[-4:]}.txt"
    teks = open(unduhan.value.path(), encoding="utf-8").read()
    assert f"Kode pelacakan: {kode}" in teks and "Drs. Bambang" in teks


def test_tanpa_javascript_tanda_terima_tetap_bisa_diunduh(live_server, wilayah_kabupaten_malang, buka_ponsel, foto):
    halaman = buka_ponsel(javascript=False)
    p, _ = buat_pengaduan(wilayah=DESA)  # someone else's case: never reachable from this browser
    halaman.goto(live_server.url + "/lapor/tanda-terima/")
    expect(halaman).to_have_url(re.compile(r"/lapor/$"))
    expect(halaman.get_by_text("Tanda terima hanya dapat dibuka ulang selama 30 menit")).to_be_visible()

    halaman.goto(live_server.url + "/lapor/")
    isi_laporan_tanpa_wilayah(halaman, foto)
    for nama, kode in RANTAI_WILAYAH:
        halaman.locator(f"[name={nama}]").select_option(kode)
        if nama in TOMBOL_PILIH:
            halaman.get_by_role("button", name=TOMBOL_PILIH[nama]).click()
    halaman.get_by_label("Saya menyatakan bahwa laporan ini benar").check()
    halaman.get_by_role("button", name="Kirim laporan").click()
    kode = kode_dari_tanda_terima(halaman)
    expect(halaman.get_by_role("button", name="Salin kode")).to_be_hidden()  # JavaScript only
    with halaman.expect_download() as unduhan:
        halaman.get_by_role("link", name="Unduh tanda terima").click()
    assert kode in open(unduhan.value.path(), encoding="utf-8").read()
    assert p.pk != Pengaduan.objects.order_by("-pk").first().pk


def test_ringkasan_galat_menerima_fokus_dan_tautannya_menuju_isian(live_server, ponsel, folder_hasil):
    ponsel.goto(live_server.url + "/lapor/")
    ponsel.get_by_label("Laporan dengan identitas").check()
    ponsel.get_by_role("button", name="Kirim laporan").click()

    ringkasan = ponsel.locator("#ringkasan-galat")
    expect(ringkasan).to_be_focused()
    expect(ringkasan).to_be_in_viewport()
    ponsel.screenshot(path=folder_hasil / "lapor-ringkasan-galat.png")
    expect(ringkasan.get_by_role("link")).not_to_have_count(0)
    ringkasan.get_by_role("link", name=re.compile(r"^Kronologi kejadian:")).click()
    expect(ponsel.locator("#id_kronologi")).to_be_focused()
    expect(ponsel.locator("#id_kronologi")).to_be_in_viewport()
