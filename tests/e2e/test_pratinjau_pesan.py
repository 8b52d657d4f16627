"""The staff status form shows, as staff type, what the reporter will read on /lacak/: the public
status label and the message, never the internal reason."""

import pytest
from playwright.sync_api import expect

from netralitas.akun.models import Peran
from pengaduan import transisi, workflow
from pengaduan.models import Status
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_pengaduan, buat_staf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]


def test_pratinjau_mengikuti_ketikan_tanpa_alasan_internal(
    live_server, wilayah_kabupaten_malang, browser, folder_hasil
):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.pratinjau", first_name="Rina")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    meja = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta")
    admin = meja.new_page()
    masuk_admin(admin, live_server.url, staf.username)
    admin.goto(f"{live_server.url}/admin/pengaduan/pengaduan/{p.pk}/tindakan/status/?ke={Status.TIDAK_DIREGISTRASI}")
    pratinjau = admin.locator("#pratinjau-pelapor")
    expect(pratinjau).to_contain_text(workflow.LABEL_PUBLIK[Status.TIDAK_DIREGISTRASI])
    admin.locator("[name=alasan]").fill("Catatan internal: terlapor kerabat pimpinan.")
    admin.locator("[name=pesan_pelapor]").fill("Laporan Anda belum memenuhi syarat materiil.")
    expect(pratinjau).to_contain_text("Laporan Anda belum memenuhi syarat materiil.")
    expect(pratinjau).not_to_contain_text("kerabat pimpinan")
    admin.locator("[name=ke]").select_option(Status.DILIMPAHKAN)
    expect(pratinjau).to_contain_text(workflow.LABEL_PUBLIK[Status.DILIMPAHKAN])
    admin.screenshot(path=folder_hasil / "admin-pratinjau-pesan.png", full_page=True)
    meja.close()
