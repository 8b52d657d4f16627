"""Bawaslu RI invites a BKN reviewer on a phone; the invitee opens the e-mailed link, sets a
password, enrols the second factor, and sees the case already forwarded to BKN."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from playwright.sync_api import expect

from netralitas.akun.models import Instansi, Peran
from pengaduan import transisi
from pengaduan.models import Status
from pengaduan.tindak_lanjut import services as tindak_lanjut
from tests.dua_faktor import kode_dari_kunci
from tests.e2e.test_triase import masuk_admin
from tests.factories import buat_pengaduan, buat_staf, data_rekomendasi

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replika"]),
]

KATA_SANDI_BARU = "Peninjau-BKN-2026-aman"


def test_undangan_peninjau_bkn_sampai_kasus_terlihat(live_server, wilayah_kabupaten_malang, buka_ponsel, folder_hasil):
    bkn = Instansi.objects.get(singkatan="BKN")
    kmalang = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu.malang.e2e")
    ri = buat_staf(Peran.BAWASLU_RI, None, username="bawaslu.ri.e2e")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=kmalang)
    tindak_lanjut.teruskan(pengaduan=p, peran=Peran.BAWASLU_KABKOTA, oleh=kmalang, **data_rekomendasi(instansi=[bkn]))
    p.refresh_from_db()
    mail.outbox.clear()

    # Bawaslu RI invites a reviewer for BKN, on a phone.
    with override_settings(SITE_URL=live_server.url):
        bawaslu = buka_ponsel()
        masuk_admin(bawaslu, live_server.url, ri.username)
        bawaslu.goto(live_server.url + "/admin/akun/undanganpeninjau/")
        bawaslu.locator("#undang-peninjau").click()
        bawaslu.locator("[name=instansi]").select_option(label=bkn.nama)
        bawaslu.locator("[name=nama]").fill("Dewi Peninjau BKN")
        bawaslu.locator("[name=email]").fill("dewi.peninjau@bkn.go.id")
        bawaslu.screenshot(path=folder_hasil / "undangan-peninjau-form.png", full_page=True)
        bawaslu.get_by_role("button", name="Kirim undangan").click()
        expect(bawaslu.locator(".messagelist")).to_contain_text("sedang dikirim ke dewi.peninjau@bkn.go.id")
        expect(bawaslu.locator("#content")).to_contain_text("Terkirim")
        bawaslu.screenshot(path=folder_hasil / "undangan-peninjau-terkirim.png", full_page=True)

    # The link from the e-mail.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dewi.peninjau@bkn.go.id"]
    tautan = re.search(r"https?://\S+/akun/undangan/[A-Za-z0-9_\-]+/", mail.outbox[0].body).group(0)
    assert tautan.startswith(live_server.url)

    # The invitee, on a phone without JavaScript: password, authenticator, backup codes.
    ponsel = buka_ponsel(javascript=False)
    ponsel.goto(tautan)
    expect(ponsel.get_by_role("heading", name="Buat kata sandi akun peninjau")).to_be_visible()
    assert "/akun/undangan/" in ponsel.url and tautan not in ponsel.url
    expect(ponsel.locator("#instansi-undangan")).to_have_text(bkn.nama)
    ponsel.locator("[name=new_password1]").fill("12345678")
    ponsel.locator("[name=new_password2]").fill("12345678")
    ponsel.get_by_role("button", name="Simpan kata sandi").click()
    expect(ponsel.locator("form")).to_contain_text("terlalu")
    ponsel.locator("[name=new_password1]").fill(KATA_SANDI_BARU)
    ponsel.locator("[name=new_password2]").fill(KATA_SANDI_BARU)
    ponsel.screenshot(path=folder_hasil / "undangan-peninjau-kata-sandi.png", full_page=True)
    ponsel.get_by_role("button", name="Simpan kata sandi").click()
    expect(ponsel.get_by_role("heading", name="Aktifkan verifikasi dua langkah")).to_be_visible()
    ponsel.get_by_label("Kode dari aplikasi").fill(kode_dari_kunci(ponsel.locator("#kunci-rahasia").inner_text()))
    ponsel.get_by_role("button", name="Aktifkan").click()
    expect(ponsel.locator("#kode-cadangan code")).to_have_count(10)
    ponsel.locator("#lanjut").click()
    expect(ponsel.locator("#user-tools")).to_be_visible()

    # The case forwarded to BKN before the account existed: told, and there.
    expect(ponsel.locator("#notifikasi-saya")).to_contain_text("1 baru")
    ponsel.goto(live_server.url + "/admin/pengaduan/kasusinstansi/")
    ponsel.get_by_role("link", name=p.nomor_registrasi).click()
    expect(ponsel.locator("#rekomendasi")).to_contain_text("001/PM.00.02/K.JI-06/XI/2026")
    ponsel.screenshot(path=folder_hasil / "undangan-peninjau-kasus-bkn.png", full_page=True)

    # The link is spent.
    lagi = buka_ponsel(javascript=False)
    lagi.goto(tautan)
    expect(lagi.locator("#pesan-undangan")).to_contain_text("sudah dipakai")
