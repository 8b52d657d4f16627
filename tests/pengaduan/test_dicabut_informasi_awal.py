"""A report withdrawn before registration may be kept by Bawaslu as informasi awal (Perbawaslu
7/2022): a decision of the handling office, with an internal reason, in the timeline and the audit
log. For the reporter the report stays withdrawn: /lacak/ keeps "Dicabut oleh pelapor" and shows,
sends and accepts nothing about what Bawaslu does with it afterwards."""

import pytest
from django.core import mail
from django.urls import reverse

from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi, LogAudit
from pengaduan import transisi, workflow
from pengaduan.models import Pengaduan, PeristiwaPengaduan, Status, Sumber
from pengaduan.pelaporan import services as pelaporan
from pengaduan.transisi import TransisiDitolak
from pengaduan.triase import services as triase
from tests.factories import bawa_ke_status, buat_pengaduan, buat_peninjau, buat_staf, notifikasi_ke

pytestmark = pytest.mark.django_db
LACAK = "/lacak/"
ALASAN = "Uraian kejadian rinci dan bukti kuat; ditelusuri sebagai informasi awal."


def dicabut(client, email="pelapor@contoh.id", status=Status.DIAJUKAN):
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", email=email)
    p = bawa_ke_status(p, status)
    client.post(LACAK, {"aksi": "cari", "kode": kode})
    assert client.post(LACAK, {"aksi": "cabut", "yakin": "on", "alasan": "Saya takut."}).status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DICABUT and p.dicabut_pelapor
    return p, kode


def url_status(p):
    return reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "status"])


@pytest.mark.parametrize("dari", [Status.DIAJUKAN, Status.KAJIAN_AWAL, Status.PERLU_PERBAIKAN])
def test_bawaslu_menyimpan_laporan_dicabut_sebagai_informasi_awal_lewat_admin(client, dari):
    p, _ = dicabut(client, status=dari)
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(staf)
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "?ke=informasi_awal" in halaman  # the case page offers the decision
    r = client.post(url_status(p), {"versi": p.versi, "ke": Status.INFORMASI_AWAL, "alasan": ALASAN})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.INFORMASI_AWAL and p.tenggat is not None
    e = p.peristiwa.last()
    assert (e.dari_status, e.ke_status, e.alasan, e.publik, e.aktor) == (
        Status.DICABUT,
        Status.INFORMASI_AWAL,
        ALASAN,
        False,
        staf,
    )
    assert LogAudit.objects.filter(pengaduan=p, aktor=staf, aksi=Aksi.UBAH_PENGADUAN, keterangan=ALASAN).exists()
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert 'id="dicabut-pelapor"' in halaman


def test_alasan_wajib_dan_pesan_untuk_pelapor_ditolak(client):
    p, _ = dicabut(client)
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = client.post(url_status(p), {"versi": p.versi, "ke": Status.INFORMASI_AWAL, "alasan": "   "})
    assert r.status_code == 400 and "Alasan wajib diisi" in r.content.decode()
    r = client.post(
        url_status(p),
        {
            "versi": p.versi,
            "ke": Status.INFORMASI_AWAL,
            "alasan": ALASAN,
            "pesan_pelapor": "Laporan Anda kami telusuri.",
        },
    )
    assert r.status_code == 400
    assert Pengaduan.objects.get(pk=p.pk).status == Status.DICABUT


def test_kantor_lain_404_peninjau_dan_pemda_ditolak(client):
    p, _ = dicabut(client)
    for lain in (buat_staf(Peran.BAWASLU_KABKOTA, "32.73"), buat_staf(Peran.PANWASCAM, "32.73.01")):
        client.force_login(lain)
        assert client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).status_code == 404
        r = client.post(url_status(p), {"versi": p.versi, "ke": Status.INFORMASI_AWAL, "alasan": ALASAN})
        assert r.status_code == 404
    for peran in (Peran.PENINJAU, Peran.PEMDA):
        with pytest.raises(TransisiDitolak):
            transisi.ubah_status(pengaduan=p, ke=Status.INFORMASI_AWAL, peran=peran, alasan=ALASAN)
    from netralitas.akun.models import Instansi

    peninjau = buat_peninjau(Instansi.objects.get(wilayah_id="35.07"))
    client.force_login(peninjau)
    r = client.post(url_status(p), {"versi": p.versi, "ke": Status.INFORMASI_AWAL, "alasan": ALASAN})
    assert r.status_code in (403, 404)
    client.force_login(buat_staf(Peran.PEMDA, "35.07"))
    r = client.post(url_status(p), {"versi": p.versi, "ke": Status.INFORMASI_AWAL, "alasan": ALASAN})
    assert r.status_code in (403, 404)
    assert Pengaduan.objects.get(pk=p.pk).status == Status.DICABUT


def test_hanya_laporan_dicabut_sebelum_registrasi_dan_belum_diarsipkan():
    # A registered case cannot be withdrawn, so never reaches this door.
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    p = bawa_ke_status(p, Status.DIREGISTRASI)
    with pytest.raises(TransisiDitolak):
        pelaporan.cabut_pengaduan(pengaduan=p)
    assert {t.dari for t in workflow.TRANSISI if t.ke == Status.DICABUT} == workflow.STATUS_BOLEH_DICABUT
    assert Status.DIREGISTRASI not in workflow.STATUS_BOLEH_DICABUT
    # Other closed cases stay closed: only a withdrawal reopens, and only as informasi awal.
    assert workflow.TERMINAL_DAPAT_DIBUKA == {Status.DICABUT}
    for status in (Status.TIDAK_DIREGISTRASI, Status.DIARSIPKAN):
        q, _ = buat_pengaduan(wilayah="35.07.13.1007")
        q = bawa_ke_status(q, status)
        with pytest.raises(TransisiDitolak):
            transisi.ubah_status(pengaduan=q, ke=Status.INFORMASI_AWAL, peran=Peran.BAWASLU_KABKOTA, alasan=ALASAN)
    # Kept, then archived: not kept a second time.
    r, _ = buat_pengaduan(wilayah="35.07.13.1007")
    r = bawa_ke_status(r, Status.DICABUT)
    transisi.ubah_status(pengaduan=r, ke=Status.INFORMASI_AWAL, peran=Peran.BAWASLU_KABKOTA, alasan=ALASAN)
    transisi.ubah_status(pengaduan=r, ke=Status.DIARSIPKAN, peran=Peran.BAWASLU_KABKOTA, alasan="Tidak cukup.")
    with pytest.raises(TransisiDitolak):
        transisi.ubah_status(pengaduan=r, ke=Status.INFORMASI_AWAL, peran=Peran.BAWASLU_KABKOTA, alasan=ALASAN)


def test_pelapor_tetap_melihat_dicabut_dan_tidak_diberi_tahu_tindak_lanjut(client, django_capture_on_commit_callbacks):
    p, kode = dicabut(client)
    linimasa_sebelum = [e.ke_status for e in client.get(LACAK).context["linimasa"]]
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    mail.outbox.clear()
    notifikasi_sebelum = len(notifikasi_ke("pelapor@contoh.id"))
    with django_capture_on_commit_callbacks(execute=True):
        transisi.ubah_status(
            pengaduan=p, ke=Status.INFORMASI_AWAL, peran=Peran.BAWASLU_KABKOTA, oleh=staf, alasan=ALASAN
        )
        # Followed up: registered as the supervisor's own finding, then clarified.
        transisi.ubah_status(pengaduan=p, ke=Status.DIREGISTRASI, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    p.refresh_from_db()
    assert p.status == Status.DIREGISTRASI and p.sumber == Sumber.TEMUAN and p.nomor_registrasi
    assert not PeristiwaPengaduan.objects.filter(
        pengaduan=p, publik=True, dari_status__in=[Status.DICABUT, Status.INFORMASI_AWAL]
    ).exists()
    assert len(notifikasi_ke("pelapor@contoh.id")) == notifikasi_sebelum
    assert "pelapor@contoh.id" not in {m.to[0] for m in mail.outbox}

    halaman = client.get(LACAK)
    assert halaman.context["status_publik"] == workflow.LABEL_PUBLIK[Status.DICABUT]
    assert [e.ke_status for e in halaman.context["linimasa"]] == linimasa_sebelum
    assert not halaman.context["boleh_berpesan"] and not halaman.context["boleh_dicabut"]
    assert halaman.context["hasil_instansi"] is None
    teks = halaman.content.decode()
    assert "Dicabut oleh pelapor" in teks and p.nomor_registrasi not in teks and "informasi awal" not in teks.lower()
    # Nothing reaches the reporter from the office either, and the reporter cannot write in.
    with pytest.raises(TransisiDitolak):
        triase.kirim_pesan_ke_pelapor(pengaduan=p, oleh=staf, teks="Kami menelusuri laporan Anda.")
    with pytest.raises(TransisiDitolak):
        triase.kirim_pemberitahuan_status(pengaduan=p, oleh=staf)
    with pytest.raises(TransisiDitolak, match="Dicabut oleh pelapor"):
        pelaporan.kirim_pesan_pelapor(pengaduan=p, teks="Apakah laporan saya ditindaklanjuti?", unggahan=[])
