"""Retention (UU 27/2022, pengaduan.retensi): cases filed and closed through the services, the clock
moved with time-machine, then the job. What is due is erased (identity emptied, files gone from
storage, one audit row per case), what is not due or is held is kept, the pages and documents say
"dihapus", an administrator's change of a rule takes effect, two runs at once erase once, and no
identity value of an erased case is left in any table."""

import csv
import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi, LogAudit
from netralitas.enkripsi import Terenkripsi
from pengaduan import bukti as layanan_bukti
from pengaduan import retensi, transisi
from pengaduan.ekspor.services import PengaduanResource, izin_identitas, tulis_csv
from pengaduan.models import (
    AturanRetensi,
    Bukti,
    DokumenPengaduan,
    HasilKlarifikasi,
    JenisDataRetensi,
    LampiranPesan,
    Pelapor,
    Pengaduan,
    Saksi,
    SalinanBukti,
    Status,
    TahananHukum,
)
from pengaduan.pelaporan import services as pelaporan
from pengaduan.triase import services as triase
from pengaduan.triase.entri.services import unggah_dokumen
from tests.factories import (
    NIK_SAH,
    _peninjau_kasus,
    bawa_ke_status,
    buat_staf,
    entri_pengaduan,
    jpeg,
    pada,
    pdf,
)

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)
NAMA = "Sulastri Wibisono"
TELEPON = "081299887766"
EMAIL = "sulastri.wibisono@contoh.id"
ALAMAT = "Jl. Kenanga Tujuh No. 17, Kepanjen"
SAKSI = "Bambang Prasetyo"
KONTAK_SAKSI = "081311112222"
IDENTITAS = [NAMA, NIK_SAH, TELEPON, EMAIL, ALAMAT, SAKSI, KONTAK_SAKSI]


def hari(n):
    return T0 + datetime.timedelta(days=n)


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Rina", last_name="Petugas")


def kasus_lengkap(staf, *, ke=Status.SELESAI, saat=T0):
    """A report taken at the office with every kind of personal data the rules cover: the
    reporter's identity, a witness, a photo, the signed form's scan, a message with an attachment,
    a clarification of the reporter with its record; walked to `ke` (forwarded first, so the
    agency's stripped copies exist) at `saat`."""
    with pada(saat):
        p, _ = entri_pengaduan(
            staf,
            email=EMAIL,
            unggahan=[jpeg(nama=f"KTP {NAMA}.jpg")],
            pelapor_tambahan={"nama": NAMA, "alamat": ALAMAT, "telepon": TELEPON},
            saksi=[{"nama": SAKSI, "kontak": KONTAK_SAKSI, "keterangan": "Tetangga pelapor"}],
            kronologi=f"{NAMA} melihat unggahan terlapor; saksi {SAKSI} ({KONTAK_SAKSI}) juga melihatnya.",
        )
        unggah_dokumen(pengaduan=p, oleh=staf, berkas=pdf(nama=f"formulir {NAMA}.pdf"))
        pelaporan.kirim_pesan_pelapor(
            pengaduan=p,
            teks=f"Saya {NAMA}, nomor saya {TELEPON}.",
            unggahan=[layanan_bukti.simpan_unggahan_sementara(berkas=jpeg(nama="tangkapan.jpg"))],
        )
        triase.catat_klarifikasi(
            pengaduan=p,
            oleh=staf,
            pihak=NAMA,
            kedudukan="pelapor",
            tanggal=timezone.localdate(),
            ringkasan=f"{NAMA} menerangkan kejadian.",
            dokumen=pdf(nama="berita-acara.pdf"),
        )
        p = bawa_ke_status(p, ke)
        # What the worker does after the commits (on_commit does not fire inside a test's transaction).
        for b in Bukti.objects.filter(pengaduan=p):
            layanan_bukti.buat_thumbnail(b.pk)
            if hasattr(b, "salinan"):
                layanan_bukti.buat_salinan_bukti(b.salinan.pk)
        return p


def kasus_sederhana(*, ke=Status.DIHENTIKAN, saat=T0, **kwargs):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    with pada(saat):
        p, _ = entri_pengaduan(staf, email=EMAIL, **kwargs)
        return bawa_ke_status(p, ke)


def jalankan_pada(saat, **kwargs):
    with pada(saat):
        return retensi.jalankan(**kwargs)


def nilai_pelapor(p):
    pl = Pelapor.objects.get(pengaduan=p)
    return [pl.nama, pl.nik, pl.alamat, pl.telepon, pl.email]


def ada(field):
    return bool(field.name) and field.storage.exists(field.name)


# --- What is due, what is kept ----------------------------------------------------------------------


def test_identitas_jatuh_tempo_dihapus_yang_belum_jatuh_tempo_dan_ditahan_disimpan(staf):
    jatuh = kasus_lengkap(staf)
    ditahan = kasus_sederhana()
    belum = kasus_sederhana(saat=hari(400))
    with pada(hari(500)):
        retensi.pasang_tahanan(pengaduan=ditahan, oleh=staf, alasan="Perkara pidana pemilu masih berjalan.")

    hasil = jalankan_pada(hari(731))

    assert hasil.kasus == 1
    assert nilai_pelapor(jatuh) == ["", "", "", "", ""]
    assert Pelapor.objects.get(pengaduan=jatuh).dihapus_pada == hari(731)
    assert list(Saksi.objects.filter(pengaduan=jatuh).values_list("nama", "kontak")) == [("", "")]
    assert nilai_pelapor(ditahan)[0] == "Warga Uji" and nilai_pelapor(belum)[0] == "Warga Uji"
    # The original evidence is kept five years; its copies (one year) are gone.
    b = Bukti.objects.get(pengaduan=jatuh)
    assert b.berkas_dihapus_pada is None and ada(b.berkas)
    assert b.salinan_dihapus_pada == hari(731) and not b.thumbnail
    log = LogAudit.objects.filter(aksi=Aksi.HAPUS_RETENSI)
    assert [r.pengaduan_id for r in log] == [jatuh.pk]
    assert "Identitas pelapor" in log[0].keterangan and "730 hari" in log[0].keterangan
    assert "Salinan bukti" in log[0].keterangan


def test_semua_berkas_hilang_dari_penyimpanan_dan_baris_menyimpan_sidik(staf):
    p = kasus_lengkap(staf)
    b = Bukti.objects.get(pengaduan=p)
    s = SalinanBukti.objects.get(bukti=b)
    d = DokumenPengaduan.objects.get(pengaduan=p)
    lampiran = LampiranPesan.objects.get(pesan__pengaduan=p)
    k = HasilKlarifikasi.objects.get(pengaduan=p)
    berkas = [b.berkas, b.thumbnail, s.berkas, d.berkas, lampiran.berkas, k.dokumen]
    assert all(ada(f) for f in berkas)
    sidik = (b.sha256, b.ukuran, d.sha256, lampiran.sha256, k.sha256)

    jalankan_pada(hari(5 * 365 + 2))

    assert not any(f.storage.exists(f.name) for f in berkas)
    for row in (b, s, d, lampiran, k):
        row.refresh_from_db()
    assert (b.sha256, b.ukuran, d.sha256, lampiran.sha256, k.sha256) == sidik
    assert not b.berkas and not s.berkas and not d.berkas and not lampiran.berkas and not k.dokumen
    assert b.nama_asli == f"bukti-{b.pk}.jpg" and NAMA not in d.nama_asli
    assert b.berkas_dihapus_pada and d.dihapus_pada and lampiran.dihapus_pada and k.dokumen_dihapus_pada
    assert LogAudit.objects.filter(aksi=Aksi.HAPUS_RETENSI, pengaduan=p).count() == 1


def test_berkas_di_penyimpanan_objek_dihapus_dari_bucket(staf, penyimpanan_s3):
    """With S3_BUCKET set the job deletes the objects themselves (listed in the bucket through
    boto3, not through the portal's storage), the rows keep their fingerprints."""
    p = kasus_lengkap(staf)
    b = Bukti.objects.get(pengaduan=p)
    d = DokumenPengaduan.objects.get(pengaduan=p)
    nama = {b.berkas.name, b.thumbnail.name, SalinanBukti.objects.get(bukti=b).berkas.name, d.berkas.name}
    assert nama <= penyimpanan_s3.kunci()

    jalankan_pada(hari(5 * 365 + 2))

    assert not nama & penyimpanan_s3.kunci()
    b.refresh_from_db()
    assert not b.berkas and b.sha256 and b.berkas_dihapus_pada


def test_jalan_kedua_tidak_menghapus_apa_pun_lagi(staf):
    p = kasus_lengkap(staf)
    assert jalankan_pada(hari(731)).kasus == 1
    assert jalankan_pada(hari(732)).kasus == 0
    assert LogAudit.objects.filter(aksi=Aksi.HAPUS_RETENSI, pengaduan=p).count() == 1


def test_kasus_dibuka_kembali_tidak_dihitung_ditutup():
    p = kasus_sederhana(ke=Status.DICABUT)
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    with pada(hari(10)):
        transisi.ubah_status(
            pengaduan=p, ke=Status.INFORMASI_AWAL, peran=Peran.BAWASLU_KABKOTA, oleh=staf, alasan="Ditelusuri."
        )
    assert jalankan_pada(hari(900)).kasus == 0
    assert nilai_pelapor(p)[0] == "Warga Uji"
    # Closed again (archived) on day 20: counted from then.
    with pada(hari(20)):
        transisi.ubah_status(
            pengaduan=p, ke=Status.DIARSIPKAN, peran=Peran.BAWASLU_KABKOTA, oleh=staf, alasan="Tidak cukup bukti."
        )
    assert jalankan_pada(hari(20 + 729)).kasus == 0
    assert jalankan_pada(hari(20 + 731)).kasus == 1


def test_tahanan_yang_dicabut_tidak_lagi_melindungi():
    p = kasus_sederhana()
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    retensi.pasang_tahanan(pengaduan=p, oleh=staf, alasan="Gugatan PTUN.")
    assert jalankan_pada(hari(800)).kasus == 0
    retensi.lepas_tahanan(pengaduan=p, oleh=staf, alasan="Putusan berkekuatan hukum tetap.")
    assert jalankan_pada(hari(800)).kasus == 1


def test_aturan_nonaktif_tidak_dijalankan():
    p = kasus_sederhana()
    AturanRetensi.objects.filter(jenis=JenisDataRetensi.IDENTITAS_PELAPOR).update(aktif=False)
    jalankan_pada(hari(800))
    assert nilai_pelapor(p)[0] == "Warga Uji"


# --- Administrators: the rules and the 30-day report ------------------------------------------------


def test_aturan_diubah_administrator_berlaku_dan_tercatat(client):
    p = kasus_sederhana()
    admin = buat_staf(Peran.ADMINISTRATOR)
    client.force_login(admin)
    a = AturanRetensi.objects.get(jenis=JenisDataRetensi.IDENTITAS_PELAPOR)
    r = client.post(
        reverse("admin:pengaduan_aturanretensi_change", args=[a.pk]),
        {"hari_setelah_ditutup": "30", "aktif": "on", "dasar_hukum": "Kebijakan baru kantor."},
    )
    assert r.status_code == 302
    audit = LogAudit.objects.get(aksi=Aksi.UBAH_ATURAN_RETENSI)
    assert audit.aktor == admin and "hari_setelah_ditutup: 30" in audit.keterangan

    assert jalankan_pada(hari(29)).kasus == 0
    assert jalankan_pada(hari(31)).kasus == 1
    assert nilai_pelapor(p)[0] == ""


def test_staf_bukan_administrator_tidak_dapat_mengubah_aturan(client):
    client.force_login(buat_staf(Peran.BAWASLU_RI))
    a = AturanRetensi.objects.get(jenis=JenisDataRetensi.IDENTITAS_PELAPOR)
    r = client.post(
        reverse("admin:pengaduan_aturanretensi_change", args=[a.pk]),
        {"hari_setelah_ditutup": "1", "aktif": "on", "dasar_hukum": "x"},
    )
    assert r.status_code in (403, 404)
    a.refresh_from_db()
    assert a.hari_setelah_ditutup == 730


def test_rencana_30_hari_untuk_administrator_tanpa_kasus_ditahan(client):
    segera = kasus_sederhana()  # identity due on day 730
    ditahan = kasus_sederhana()
    nanti = kasus_sederhana(saat=hari(100))
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    retensi.pasang_tahanan(pengaduan=ditahan, oleh=staf, alasan="Perkara pidana.")
    client.force_login(buat_staf(Peran.ADMINISTRATOR))

    with pada(hari(710)):
        r = client.get(reverse("admin:pengaduan_aturanretensi_rencana"))
        berkas = client.get(reverse("admin:pengaduan_aturanretensi_rencana_csv"))
    assert r.status_code == 200
    halaman = r.content.decode()
    assert segera.nomor_registrasi in halaman
    assert ditahan.nomor_registrasi not in halaman and nanti.nomor_registrasi not in halaman
    baris = list(csv.reader(io.StringIO(berkas.content.decode())))
    identitas = [b for b in baris[1:] if b[0] == "Identitas pelapor"]
    assert [(b[2], b[6]) for b in identitas] == [(str(segera.pk), "2028-01-05")]
    # The report erases nothing.
    assert nilai_pelapor(segera)[0] == "Warga Uji"


@pytest.mark.parametrize("peran", [Peran.BAWASLU_RI, Peran.BAWASLU_KABKOTA, Peran.PANWASCAM])
def test_rencana_hanya_untuk_administrator(client, peran):
    client.force_login(buat_staf(peran, {"panwascam": "35.07.13", "bawaslu_kabkota": "35.07"}.get(peran)))
    for nama in ("rencana", "rencana_csv"):
        assert client.get(reverse(f"admin:pengaduan_aturanretensi_{nama}")).status_code in (403, 404)


def test_perintah_uji_mencetak_rencana_tanpa_menghapus():
    p = kasus_sederhana()
    keluar = io.StringIO()
    with pada(hari(720)):
        call_command("jalankan_retensi", "--uji", stdout=keluar, stderr=io.StringIO())
    teks = keluar.getvalue()
    assert p.nomor_registrasi in teks and "05/01/2028" in teks and "Identitas pelapor: 1 pengaduan" in teks
    assert nilai_pelapor(p)[0] == "Warga Uji"
    keluar = io.StringIO()
    with pada(hari(731)):
        call_command("jalankan_retensi", stdout=keluar, stderr=io.StringIO())
    assert "1 pengaduan dihapus datanya" in keluar.getvalue()
    assert nilai_pelapor(p)[0] == ""


# --- Legal hold on the case page ---------------------------------------------------------------------


def test_tahanan_hukum_dipasang_dan_dicabut_lewat_halaman_kasus_dengan_riwayat(client, staf):
    p = kasus_sederhana()
    client.force_login(staf)
    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "tahan"])
    kosong = client.post(url, {"versi": p.versi, "alasan": "   "})
    assert kosong.status_code == 400 and TahananHukum.objects.count() == 0
    r = client.post(url, {"versi": p.versi, "alasan": "Perkara pidana pemilu di Gakkumdu."})
    assert r.status_code == 302
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "Berlaku" in halaman and "Perkara pidana pemilu di Gakkumdu." in halaman
    daftar = client.get(reverse("admin:pengaduan_pengaduan_changelist") + "?tahanan=berlaku").content.decode()
    assert f"/pengaduan/pengaduan/{p.pk}/change/" in daftar

    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "lepas-tahanan"])
    assert client.post(url, {"versi": p.versi, "alasan": "Perkara selesai."}).status_code == 302
    riwayat = TahananHukum.objects.get(pengaduan=p)
    assert riwayat.dilepas_oleh == staf and riwayat.alasan_dilepas == "Perkara selesai."
    aksi = list(LogAudit.objects.filter(pengaduan=p).values_list("aksi", flat=True))
    assert Aksi.PASANG_TAHANAN_HUKUM in aksi and Aksi.LEPAS_TAHANAN_HUKUM in aksi
    daftar = client.get(reverse("admin:pengaduan_pengaduan_changelist") + "?tahanan=berlaku").content.decode()
    assert f"/pengaduan/pengaduan/{p.pk}/change/" not in daftar


def test_panwascam_tidak_dapat_memasang_tahanan(client):
    p = kasus_sederhana()
    client.force_login(buat_staf(Peran.PANWASCAM, "35.07.13"))
    r = client.post(
        reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "tahan"]), {"versi": p.versi, "alasan": "x"}
    )
    assert r.status_code in (403, 404)
    assert not TahananHukum.objects.exists()


# --- Pages, documents and exports after erasure ------------------------------------------------------


def test_halaman_staf_dan_instansi_tetap_tampil_dan_unduhan_404(client, staf):
    p = kasus_lengkap(staf)
    b = Bukti.objects.get(pengaduan=p)
    d = DokumenPengaduan.objects.get(pengaduan=p)
    k = HasilKlarifikasi.objects.get(pengaduan=p)
    lampiran = LampiranPesan.objects.get(pesan__pengaduan=p)
    s = SalinanBukti.objects.get(bukti=b)
    jalankan_pada(hari(5 * 365 + 2))

    client.force_login(staf)
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk]))
    assert halaman.status_code == 200
    teks = halaman.content.decode()
    assert "sesuai aturan retensi “Berkas bukti asli”" in teks and "Identitas pelapor dihapus pada" in teks
    assert NAMA not in teks and SAKSI not in teks
    identitas = client.get(reverse("admin:pengaduan_pengaduan_identitas", args=[p.pk]))
    assert identitas.status_code == 200 and "dihapus pada" in identitas.content.decode()
    for nama, pk in (
        ("bukti_unduh", b.pk),
        ("bukti_thumbnail", b.pk),
        ("dokumen_unduh", d.pk),
        ("klarifikasi_unduh", k.pk),
        ("lampiranpesan_unduh", lampiran.pk),
    ):
        assert client.get(reverse(f"admin:pengaduan_{nama}", args=[pk])).status_code == 404, nama

    peninjau = _peninjau_kasus(p)
    client.force_login(peninjau)
    instansi = client.get(reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk]))
    assert instansi.status_code == 200 and "Dihapus pada" in instansi.content.decode()
    unduh = reverse("admin:pengaduan_kasusinstansi_salinan", args=[p.pk, s.pk])
    assert client.get(unduh).status_code == 404


def test_formulir_dan_ekspor_menyatakan_identitas_dihapus(client, staf):
    p = kasus_lengkap(staf, ke=Status.DIHENTIKAN)
    jalankan_pada(hari(731))
    client.force_login(staf)
    r = client.get(reverse("admin:pengaduan_pengaduan_formulir", args=[p.pk]))
    assert r.status_code == 200
    teks = " ".join(" ".join(h.extract_text() for h in PdfReader(io.BytesIO(r.content)).pages).split())
    assert "dihapus sesuai aturan retensi" in teks and NAMA not in teks and NIK_SAH not in teks
    tanda_terima = client.get(reverse("admin:pengaduan_pengaduan_tanda_terima", args=[p.pk]))
    assert tanda_terima.status_code == 200

    keluaran = io.BytesIO()
    resource = PengaduanResource(user=staf, dengan_identitas=True)
    resource.izin = izin_identitas(staf)
    tulis_csv(keluaran, resource, Pengaduan.objects.filter(pk=p.pk).select_related("pelapor"))
    isi = keluaran.getvalue().decode("utf-8-sig")
    assert "(dihapus sesuai aturan retensi)" in isi and NAMA not in isi and NIK_SAH not in isi


# --- The promise ------------------------------------------------------------------------------------


def kolom_teks():
    """Every text column of the complaint app's tables, the outbox and the audit log."""
    for model in [*apps.get_app_config("pengaduan").get_models(), LogAudit]:
        if model._meta.proxy:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField | models.FileField):
                yield model, f


def test_janji_retensi_tidak_ada_identitas_tersisa_di_tabel_mana_pun(staf):
    p = kasus_lengkap(staf)
    triase.tambah_catatan(pengaduan=p, oleh=staf, teks=f"Pelapor {NAMA} dapat dihubungi di {EMAIL}.")
    jalankan_pada(hari(5 * 365 + 2))

    tersisa = []
    for model, f in kolom_teks():
        if isinstance(f, Terenkripsi):
            # Ciphertext in the table: the database cannot search it, so every value is read
            # back decrypted and searched here.
            for isi in model.objects.exclude(**{f.name: ""}).values_list(f.name, flat=True):
                tersisa += [(model.__name__, f.name, n, isi) for n in IDENTITAS if n.lower() in str(isi).lower()]
            continue
        for nilai in IDENTITAS:
            q = model.objects.filter(**{f"{f.name}__icontains": nilai})
            if q.exists():
                tersisa.append((model.__name__, f.name, nilai, list(q.values_list(f.name, flat=True))[:2]))
    assert tersisa == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(alasan=st.text(max_size=1500))
def test_alasan_penahanan_sembarang_tidak_pernah_galat_server(client, staf, alasan):
    p = Pengaduan.objects.first() or kasus_sederhana()
    client.force_login(staf)
    r = client.post(
        reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "tahan"]), {"versi": p.versi, "alasan": alasan}
    )
    assert r.status_code in (302, 400)
    if r.status_code == 400:
        assert "Alasan" in r.content.decode() or "penahanan" in r.content.decode()


def test_jadwal_beat_menjalankan_tugas_retensi(settings):
    from netralitas.celery import app

    nama = settings.CELERY_BEAT_SCHEDULE["jalankan-retensi"]["task"]
    p = kasus_sederhana()
    with pada(hari(731)):
        hasil = app.tasks[nama].delay().get()
    assert hasil["kasus"] == 1 and nilai_pelapor(p)[0] == ""
