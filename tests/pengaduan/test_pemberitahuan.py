"""Staff are told what needs them (issue 11 B.7): the handling office when the reporter completes a
case, the assignee on assignment; at forwarding to an agency without a reviewer account, a warning
to the staff member, a notice without case details to the agency's official address, and a weekly
reminder to the office until a reviewer of that agency acknowledges it. The reporter's e-mail for a
completion request says that Bawaslu asks for completion and by when, and nothing more."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from netralitas.akun.models import Instansi, Peran
from netralitas.waktu import NAMA_BULAN
from pengaduan import tasks, transisi, workflow
from pengaduan.models import Notifikasi, PenerimaanRekomendasi, Status
from pengaduan.tindak_lanjut import pengingat as tl_pengingat
from pengaduan.tindak_lanjut import services as tindak_lanjut
from pengaduan.triase import services as triase
from tests.factories import NIP_PNS_SAH, buat_pengaduan, buat_peninjau, buat_staf, notifikasi_ke, pdf

pytestmark = pytest.mark.django_db

LACAK = reverse("pengaduan:lacak")
EMAIL_BKN = "persuratan@bkn.go.id"


def tindakan(p, aksi):
    return reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, aksi])


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Bawaslu")


@pytest.fixture
def rekan():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Rekan")


def _notifikasi(p, jenis):
    return Notifikasi.objects.filter(pengaduan=p, jenis=jenis)


# --- Completion and assignment ---------------------------------------------------------------------


def test_kantor_dan_petugas_diberi_tahu_saat_pelapor_melengkapi(client, staf, rekan):
    provinsi = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    p, kode = buat_pengaduan(wilayah="35.07.13.1007")
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    triase.tugaskan(pengaduan=p, kepada=provinsi, oleh=staf)
    transisi.ubah_status(pengaduan=p, ke=Status.PERLU_PERBAIKAN, peran=Peran.BAWASLU_KABKOTA, pesan_pelapor="Lengkapi.")
    # The reporter completes it on /lacak/.
    pelapor = Client()
    pelapor.post(LACAK, {"aksi": "cari", "kode": kode})
    assert pelapor.post(LACAK, {"aksi": "lengkapi", "teks": "Berikut tautannya."}).status_code == 302
    p.refresh_from_db()
    assert p.status == Status.KAJIAN_AWAL
    penerima = set(_notifikasi(p, "kelengkapan_masuk").values_list("penerima", flat=True))
    assert penerima == {staf.pk, rekan.pk, provinsi.pk}  # the office and the assigned officer
    n = _notifikasi(p, "kelengkapan_masuk").get(penerima=staf)
    assert "melengkapi" in n.subjek and "Berikut tautannya" not in n.isi_teks + n.isi_html
    # It is in the staff member's notifications in the admin.
    client.force_login(staf)
    assert n.subjek in client.get(reverse("admin:notifikasi_saya")).content.decode()


def test_petugas_diberi_tahu_saat_ditugaskan_bukan_saat_mengambil_sendiri(client, staf, rekan):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    client.force_login(staf)
    assert client.post(tindakan(p, "tugaskan"), {"versi": p.versi, "kepada": rekan.pk}).status_code == 302
    n = _notifikasi(p, "penugasan").get()
    assert (n.penerima_id, n.email) == (rekan.pk, rekan.email)
    assert "ditugaskan kepada Anda" in n.subjek and p.kode_akhir in n.subjek
    assert n.tautan == reverse("admin:pengaduan_pengaduan_change", args=[p.pk])
    # Taking a case oneself, or assigning it again to who holds it, tells nobody.
    p.refresh_from_db()
    client.post(tindakan(p, "tugaskan"), {"versi": p.versi, "kepada": staf.pk})
    p.refresh_from_db()
    client.force_login(rekan)
    client.post(
        reverse("admin:pengaduan_pengaduan_changelist"), {"action": "tugaskan_ke_saya", "_selected_action": [p.pk]}
    )
    assert _notifikasi(p, "penugasan").count() == 1


# --- Completion request e-mail ----------------------------------------------------------------------


def test_email_permintaan_kelengkapan_hanya_permintaan_dan_batas_waktunya(client, staf):
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", email="pelapor@contoh.id")
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    client.force_login(staf)
    r = client.post(
        tindakan(p, "status"),
        {
            "versi": p.versi,
            "ke": Status.PERLU_PERBAIKAN,
            "alasan": "Bukti lemah menurut Ketua.",
            "pesan_pelapor": "Lampirkan tangkapan layar unggahan terlapor.",
        },
    )
    assert r.status_code == 302
    p.refresh_from_db()
    n = _notifikasi(p, "permintaan_perbaikan").get()
    isi = f"{n.subjek}\n{n.isi_teks}\n{n.isi_html}"
    with translation.override("id"):
        batas = date_format(p.tenggat, "l, j F Y")
    assert "Bawaslu meminta Anda melengkapi" in isi and batas in isi
    assert any(b in batas for b in NAMA_BULAN)  # an Indonesian date, not "December"
    for rahasia in ("Lampirkan tangkapan layar", "Bukti lemah", "Pejabat Uji", NIP_PNS_SAH, "Warga Uji", kode):
        assert rahasia not in isi
    assert not _notifikasi(p, "status_berubah").filter(dibuat__gte=n.dibuat).exists()


# --- Forwarding to an agency without reviewers ------------------------------------------------------


@pytest.fixture
def bkn():
    Instansi.objects.filter(singkatan="BKN").update(email=EMAIL_BKN)
    return Instansi.objects.get(singkatan="BKN")


@pytest.fixture
def kasus(staf):
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", kronologi="KRONOLOGI RAHASIA PELAPOR")
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    return p, kode


def _teruskan(client, p, instansi):
    return client.post(
        tindakan(p, "teruskan"),
        {
            "versi": p.versi,
            "instansi": [i.pk for i in instansi],
            "temuan": "TEMUAN RAHASIA KAJIAN",
            "jalur": "keduanya",
            "nomor_surat": "001/PM.00.02/K.JI-06/XI/2026",
            "tanggal_surat": timezone.localdate().isoformat(),
            "surat": pdf(),
        },
    )


def test_meneruskan_ke_instansi_tanpa_peninjau_memperingatkan_dan_menyurati_email_resmi(client, staf, kasus, bkn):
    p, kode = kasus
    malang = Instansi.objects.get(wilayah_id="35.07")
    peninjau_malang = buat_peninjau(malang)
    client.force_login(staf)
    # The form says which agency has nobody to tell before anything is sent.
    formulir = client.get(tindakan(p, "teruskan")).content.decode()
    assert f"{bkn.nama} — belum ada akun peninjau" in formulir
    assert f"{malang.nama} — belum ada akun peninjau" not in formulir
    r = _teruskan(client, p, [bkn, malang])
    assert r.status_code == 302
    peringatan = [str(m) for m in get_messages(r.wsgi_request) if m.level_tag == "warning"]
    assert len(peringatan) == 1 and bkn.nama in peringatan[0] and EMAIL_BKN not in peringatan[0]
    assert "belum memiliki akun peninjau" in peringatan[0] and malang.nama not in peringatan[0]
    # The agency's official address: that a letter waits, and whom to contact; nothing of the case.
    surat = notifikasi_ke(EMAIL_BKN)[0]
    assert surat.penerima_id is None and surat.jenis == "rekomendasi_tanpa_peninjau"
    isi = f"{surat.subjek}\n{surat.isi_teks}\n{surat.isi_html}"
    assert "surat rekomendasi" in isi and "Bawaslu Kabupaten/Kota" in isi and django_settings.SITE_URL in isi
    for rahasia in (
        "Pejabat Uji",
        NIP_PNS_SAH,
        "Warga Uji",
        "Dinas Pendidikan",
        "KRONOLOGI",
        "TEMUAN RAHASIA",
        "001/PM.00.02",
        kode,
        p.kode_akhir,
        "kampanye",
        reverse("admin:pengaduan_pengaduan_change", args=[p.pk]),
    ):
        assert rahasia not in isi, rahasia
    # The agency with a reviewer is told as before; nobody else is written to at the agencies.
    assert set(_notifikasi(p, "rekomendasi_masuk").values_list("penerima", flat=True)) == {peninjau_malang.pk}
    penerimaan = {
        pr.instansi_id: pr.tanpa_peninjau for pr in PenerimaanRekomendasi.objects.filter(rekomendasi__pengaduan=p)
    }
    assert penerimaan == {bkn.pk: True, malang.pk: False}


def test_instansi_tanpa_email_resmi_disebut_dalam_peringatan(client, staf, kasus):
    p, _ = kasus
    bkn = Instansi.objects.get(singkatan="BKN")
    assert not bkn.email
    client.force_login(staf)
    r = _teruskan(client, p, [bkn])
    peringatan = " ".join(str(m) for m in get_messages(r.wsgi_request) if m.level_tag == "warning")
    assert "tidak memiliki e-mail resmi" in peringatan
    assert not Notifikasi.objects.filter(jenis="rekomendasi_tanpa_peninjau").exists()


def test_pengingat_mingguan_sampai_peninjau_instansi_membukanya(client, staf, rekan, kasus, bkn):
    p, _ = kasus
    client.force_login(staf)
    assert _teruskan(client, p, [bkn]).status_code == 302
    hari_ini = timezone.localdate()

    def ingatkan(hari):
        return tl_pengingat.ingatkan_instansi_tanpa_peninjau(hari_ini=hari_ini + datetime.timedelta(days=hari))

    assert ingatkan(0) == 0 and ingatkan(6) == 0  # the forwarding officer was just warned
    assert ingatkan(7) == 2  # the office's two staff members
    assert ingatkan(7) == 0 and ingatkan(9) == 0  # once per week, however often the beat runs
    pengingat = _notifikasi(p, "pengingat_tanpa_peninjau")
    assert set(pengingat.values_list("penerima", flat=True)) == {staf.pk, rekan.pk}
    assert all(bkn.nama in s for s in pengingat.values_list("subjek", flat=True))
    # BKN gets a reviewer: the next week's reminder reaches them too, until they open the case.
    peninjau = buat_peninjau(bkn)
    assert ingatkan(14) == 3
    klien = Client()
    klien.force_login(peninjau)
    assert klien.get(reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk])).status_code == 200
    pr = PenerimaanRekomendasi.objects.get(rekomendasi__pengaduan=p)
    assert pr.diterima_oleh == peninjau and pr.diterima_pada is not None
    assert ingatkan(21) == 0 and ingatkan(28) == 0
    # Bawaslu reads on its case page when the agency opened it.
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "dibuka peninjau" in halaman


def test_pengingat_berhenti_saat_pemeriksaan_dimulai_atau_tindak_lanjut_selesai(client, staf, kasus, bkn):
    p, _ = kasus
    client.force_login(staf)
    _teruskan(client, p, [bkn])
    peninjau = buat_peninjau(bkn)
    p.refresh_from_db()
    tindak_lanjut.mulai_pemeriksaan(pengaduan=p, oleh=peninjau, tanggal_mulai=timezone.localdate(), pemeriksa="Tim BKN")
    hari = timezone.localdate() + datetime.timedelta(days=7)
    assert tl_pengingat.ingatkan_instansi_tanpa_peninjau(hari_ini=hari) == 0


def test_pengingat_terdaftar_di_jadwal_beat():
    nama = "pengaduan.tasks.ingatkan_instansi_tanpa_peninjau"
    assert tasks.ingatkan_instansi_tanpa_peninjau.name == nama
    assert [j for j in django_settings.CELERY_BEAT_SCHEDULE.values() if j["task"] == nama]
