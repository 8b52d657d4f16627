"""The agency's side of a forwarded case: who sees it and what they see, the evidence copies without
metadata, the examination, the sanction rules, the objection, the follow-up deadline and who is told."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from netralitas.akun.models import Instansi, Peran
from pengaduan import bukti, notifikasi, selectors, transisi
from pengaduan.models import (
    CatatanPengaduan,
    HasilKeberatan,
    Notifikasi,
    Pengaduan,
    SalinanBukti,
    Sanksi,
    Status,
    StatusSalinan,
)
from pengaduan.tindak_lanjut import pengingat as tl_pengingat
from pengaduan.tindak_lanjut import selectors as tl_selectors
from pengaduan.tindak_lanjut import services as tindak_lanjut
from pengaduan.transisi import TransisiDitolak
from pengaduan.triase import services as triase
from tests.factories import (
    NIP_PNS_SAH,
    bawa_ke_status,
    buat_pengaduan,
    buat_peninjau,
    buat_staf,
    data_rekomendasi,
    data_sanksi,
    exif_gps,
    jpeg,
    notifikasi_ke,
    pdf,
    pdf_halaman,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _antrean_segera(monkeypatch):
    """Each test runs in a transaction that never commits: what the services enqueue on commit
    runs at once instead (Celery is eager here), so the copies and e-mails exist when asserted."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda f, using=None, robust=False: f())


@pytest.fixture
def malang():
    return Instansi.objects.get(wilayah_id="35.07")


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Bawaslu")


@pytest.fixture
def peninjau(malang):
    return buat_peninjau(malang, nip="197001012000031001")


def _teruskan(staf, instansi, *, unggahan=(), jalur="keduanya", tanggal_surat=None, email="", rahasia=True):
    p, kode = buat_pengaduan(
        wilayah="35.07.13.1007", unggahan=unggahan, email=email, rahasia=rahasia, kronologi="KRONOLOGI PELAPOR RAHASIA"
    )
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    triase.tambah_catatan(pengaduan=p, oleh=staf, teks="CATATAN INTERNAL BAWASLU", publik=False)
    tindak_lanjut.teruskan(
        pengaduan=p,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=staf,
        alasan="Rekomendasi diteruskan.",
        **data_rekomendasi(instansi=instansi, jalur=jalur, tanggal_surat=tanggal_surat or timezone.localdate()),
    )
    p.refresh_from_db()
    return p, kode


@pytest.fixture
def kasus(staf, malang):
    p, _ = _teruskan(staf, [malang], unggahan=[jpeg(exif=exif_gps(), nama="foto_budi_pelapor.jpg"), pdf()])
    return p


def _halaman(p):
    return reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk])


def _tindakan(p, aksi):
    return reverse("admin:pengaduan_kasusinstansi_tindakan", args=[p.pk, aksi])


def _sanksi(p, **ubah):
    d = {
        "versi": p.versi,
        "terlapor": p.terlapor.get().pk,
        "jalur": "disiplin",
        "tingkat": "ringan",
        "jenis": "teguran_tertulis",
        "nomor_sk": "800/123/35.07.201/2026",
        "tanggal_sk": timezone.localdate().isoformat(),
        "pejabat": "Bupati Malang",
        "dasar_hukum": "",
        "dokumen_sk": pdf_halaman(),
    }
    d.update(ubah)
    return d


_isian = data_sanksi  # a sanction as the service takes it


def _mulai(client, p):
    r = client.post(
        _tindakan(p, "pemeriksaan"),
        {"versi": p.versi, "tanggal_mulai": timezone.localdate().isoformat(), "pemeriksa": "Inspektorat Kab. Malang"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    p.refresh_from_db()


# --- Who sees the case ----------------------------------------------------------------------------


def test_peninjau_melihat_kasus_instansinya_tanpa_identitas(client, kasus, peninjau):
    client.force_login(peninjau)
    daftar = client.get(reverse("admin:pengaduan_kasusinstansi_changelist"))
    assert daftar.status_code == 200 and _halaman(kasus) in daftar.content.decode()
    r = client.get(_halaman(kasus))
    assert r.status_code == 200
    isi = r.content.decode()
    assert "Pejabat Uji" in isi and NIP_PNS_SAH in isi  # the terlapor: what the agency acts on
    assert "001/PM.00.02/K.JI-06/XI/2026" in isi
    for rahasia in ("Warga Uji", "3507104506900002", "Jl. Uji 1", "081234567890"):
        assert rahasia not in isi  # the reporter's identity
    assert "KRONOLOGI PELAPOR RAHASIA" not in isi  # the reporter's own account
    assert "CATATAN INTERNAL BAWASLU" not in isi
    assert "foto_budi_pelapor" not in isi  # original file names can carry the reporter's name
    assert reverse("admin:pengaduan_bukti_unduh", args=[kasus.bukti.first().pk]) not in isi


def test_peninjau_instansi_lain_dan_terlapor_sendiri_ditolak(client, kasus, staf):
    lain = buat_peninjau(Instansi.objects.get(singkatan="BKN"))
    terlapor_sendiri = buat_peninjau(Instansi.objects.get(wilayah_id="35.07"), nip=NIP_PNS_SAH)
    s = SalinanBukti.objects.filter(bukti__pengaduan=kasus, status=StatusSalinan.SIAP).first()
    sk = None
    for user in (lain, terlapor_sendiri):
        client.force_login(user)
        assert _halaman(kasus) not in client.get(reverse("admin:pengaduan_kasusinstansi_changelist")).content.decode()
        for url in (
            _halaman(kasus),
            _tindakan(kasus, "pemeriksaan"),
            reverse("admin:pengaduan_kasusinstansi_salinan", args=[kasus.pk, s.pk]),
            reverse("admin:pengaduan_kasusinstansi_surat", args=[kasus.pk]),
            reverse("admin:pengaduan_kasusinstansi_sk", args=[kasus.pk, sk or 1]),
        ):
            assert client.get(url).status_code == 404, url
        r = client.post(_tindakan(kasus, "pemeriksaan"), {"versi": kasus.versi, "pemeriksa": "x"})
        assert r.status_code == 404
    with pytest.raises(TransisiDitolak):
        tindak_lanjut.mulai_pemeriksaan(
            pengaduan=kasus, oleh=terlapor_sendiri, tanggal_mulai=timezone.localdate(), pemeriksa="x"
        )


def test_peninjau_tidak_mencapai_halaman_bawaslu(client, kasus, peninjau):
    """Identity, original evidence and the Bawaslu case page stay behind pengaduan_visible_to."""
    client.force_login(peninjau)
    b = kasus.bukti.first()
    for url in (
        reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk]),
        reverse("admin:pengaduan_pengaduan_identitas", args=[kasus.pk]),
        reverse("admin:pengaduan_bukti_unduh", args=[b.pk]),
        reverse("admin:pengaduan_bukti_thumbnail", args=[b.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("admin:pengaduan_pengaduan_changelist")).status_code == 403


def test_kasus_belum_diteruskan_tidak_terlihat(client, staf, peninjau):
    p, _ = buat_pengaduan()
    client.force_login(peninjau)
    assert client.get(_halaman(p)).status_code == 404


def test_staf_bawaslu_tidak_memakai_halaman_instansi(client, kasus, staf):
    client.force_login(staf)
    assert client.get(_halaman(kasus)).status_code in (403, 404)


# --- Evidence copies ------------------------------------------------------------------------------


def test_salinan_foto_tanpa_exif_dan_pdf_rusak_ditahan(client, kasus, peninjau):
    foto, surat = kasus.bukti.order_by("id")
    assert foto.salinan.status == StatusSalinan.SIAP
    assert surat.salinan.status == StatusSalinan.DITAHAN  # a PDF without pages cannot be rewritten
    client.force_login(peninjau)
    r = client.get(reverse("admin:pengaduan_kasusinstansi_salinan", args=[kasus.pk, foto.salinan.pk]))
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
    data = b"".join(r.streaming_content)
    assert b"SERIAL-123456" not in data and b"Exif" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    with foto.berkas.open("rb") as f:
        assert b"SERIAL-123456" in f.read()  # the original keeps its metadata: it is evidence
    ditahan = reverse("admin:pengaduan_kasusinstansi_salinan", args=[kasus.pk, surat.salinan.pk])
    assert client.get(ditahan).status_code == 404
    assert "Ditahan" in client.get(_halaman(kasus)).content.decode()


def test_bawaslu_melepas_berkas_yang_ditahan(client, kasus, staf, peninjau):
    surat = kasus.bukti.order_by("id").last()
    lepas = reverse("admin:pengaduan_salinan_lepas", args=[surat.salinan.pk])
    luar = buat_staf(Peran.BAWASLU_KABKOTA, "35.73")
    client.force_login(luar)
    assert client.post(lepas, {"versi": kasus.versi, "alasan": "x"}).status_code == 404
    client.force_login(peninjau)
    assert client.post(lepas, {"versi": kasus.versi, "alasan": "x"}).status_code in (403, 404)
    client.force_login(staf)
    assert (
        "Periksa dan lepas" in client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk])).content.decode()
    )
    r = client.post(lepas, {"versi": kasus.versi, "alasan": "  "})
    assert r.status_code == 400
    r = client.post(lepas, {"versi": kasus.versi, "alasan": "Surat tidak memuat metadata pribadi."})
    assert r.status_code == 302
    surat.salinan.refresh_from_db()
    assert surat.salinan.status == StatusSalinan.DILEPAS and surat.salinan.dilepas_oleh == staf
    assert CatatanPengaduan.objects.filter(pengaduan=kasus, teks__contains="dilepas ke instansi").exists()
    client.force_login(peninjau)
    r = client.get(reverse("admin:pengaduan_kasusinstansi_salinan", args=[kasus.pk, surat.salinan.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF-")


def test_salinan_dibuat_sekali(kasus):
    s = kasus.bukti.order_by("id").first().salinan
    assert bukti.buat_salinan_bukti(s.pk) is None
    assert SalinanBukti.objects.filter(bukti__pengaduan=kasus).count() == 2


def test_berkas_yatim_dibersihkan(kasus, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    yatim = default_storage.save("sk/2026/11/yatim.pdf", ContentFile(b"%PDF-1.4"))
    terpakai = kasus.rekomendasi.surat.name
    assert bukti.bersihkan_berkas_yatim(umur_jam=24) == 0  # too young: a form may still be saving it
    assert bukti.bersihkan_berkas_yatim(umur_jam=-1) >= 1
    assert not default_storage.exists(yatim) and default_storage.exists(terpakai)


# --- Examination, sanction, objection -------------------------------------------------------------


def test_alur_lengkap_sanksi_keberatan_dan_hasil_publik(client, staf, malang, peninjau):
    p, kode = _teruskan(staf, [malang], email="pelapor@contoh.id", rahasia=False)
    client.force_login(peninjau)
    _mulai(client, p)
    assert p.status == Status.PEMERIKSAAN_INSTANSI
    r = client.post(_tindakan(p, "sanksi"), _sanksi(p))
    assert r.status_code == 302, r.content.decode()[:3000]
    p.refresh_from_db()
    assert p.status == Status.SANKSI_DIJATUHKAN
    s = Sanksi.objects.get(pengaduan=p)
    assert s.dasar_hukum == "PP 94/2021 Pasal 8 ayat (2)" and s.instansi == malang and len(s.sha256_sk) == 64

    # The only terlapor has a sanction: another one is not offered, and is refused if forced.
    assert _tindakan(p, "sanksi") not in client.get(_halaman(p)).content.decode()
    assert client.post(_tindakan(p, "sanksi"), _sanksi(p)).status_code == 400
    assert Sanksi.objects.filter(pengaduan=p).count() == 1

    # Bawaslu sees the outcome on its case page.
    client.force_login(staf)
    isi = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "Teguran tertulis" in isi and "800/123/35.07.201/2026" in isi

    # Objection, granted: the amended sanction replaces the old one, which is kept.
    client.force_login(peninjau)
    r = client.post(
        _tindakan(p, "keberatan"),
        {
            "versi": p.versi,
            "sanksi": s.pk,
            "tanggal": timezone.localdate().isoformat(),
            "uraian": "Terlapor keberatan.",
        },
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.KEBERATAN
    putusan = _sanksi(p, jenis="teguran_lisan", nomor_sk="800/124/2026")
    putusan.update(hasil="dikabulkan", tanggal=timezone.localdate().isoformat(), keterangan="Dipertimbangkan ulang.")
    r = client.post(_tindakan(p, "putusan-keberatan"), putusan)
    assert r.status_code == 302, r.content.decode()[:3000]
    p.refresh_from_db()
    s.refresh_from_db()
    assert p.status == Status.SANKSI_DIJATUHKAN and s.diganti_oleh.jenis == "teguran_lisan"
    assert s.keberatan.get().hasil == HasilKeberatan.DIKABULKAN
    r = client.post(_tindakan(p, "selesai"), {"versi": p.versi, "konfirmasi": "on"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.SELESAI

    # The reporter reads the public outcome: the kind of sanction, no names, no SK number.
    r = client.post(reverse("pengaduan:lacak"), {"kode": kode})
    r = client.get(reverse("pengaduan:lacak"))
    isi = r.content.decode()
    assert "Hasil tindak lanjut oleh instansi" in isi and "teguran lisan" in isi
    assert "800/124/2026" not in isi and "Pejabat Uji" not in isi and "Bupati Malang" not in isi


def test_tidak_terbukti_dengan_alasan(client, staf, kasus, peninjau):
    client.force_login(peninjau)
    _mulai(client, kasus)
    r = client.post(_tindakan(kasus, "tidak-terbukti"), {"versi": kasus.versi, "tanggal": "", "alasan": ""})
    assert r.status_code == 400
    r = client.post(
        _tindakan(kasus, "tidak-terbukti"),
        {"versi": kasus.versi, "tanggal": timezone.localdate().isoformat(), "alasan": "Unggahan milik akun palsu A.B."},
    )
    assert r.status_code == 302
    kasus.refresh_from_db()
    assert kasus.status == Status.TIDAK_TERBUKTI_INSTANSI
    assert kasus.pemeriksaan.tidak_terbukti_alasan == "Unggahan milik akun palsu A.B."
    # The reporter's timeline says the conclusion, not the agency's reasoning.
    publik = kasus.peristiwa.filter(publik=True).last()
    assert "akun palsu" not in publik.alasan
    assert selectors.hasil_publik(kasus) == ["Instansi menyatakan pelanggaran tidak terbukti."]
    client.force_login(staf)
    assert "akun palsu" in client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk])).content.decode()


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        ({"jalur": "disiplin", "tingkat": "moral", "jenis": "pernyataan_terbuka"}, "sanksi kode etik"),
        ({"jalur": "etik", "tingkat": "ringan", "jenis": "teguran_lisan"}, "sanksi disiplin"),
        ({"jalur": "disiplin", "tingkat": "berat", "jenis": "teguran_lisan"}, "hukuman disiplin ringan, bukan"),
        ({"jalur": "disiplin", "tingkat": "sedang", "jenis": "penurunan_jabatan"}, "berat, bukan"),
        ({"nomor_sk": "   "}, "Nomor SK wajib diisi"),
        ({"tanggal_sk": (timezone.localdate() - datetime.timedelta(days=3)).isoformat()}, "sebelum tanggal surat"),
        ({"tanggal_sk": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "masa depan"),
        ({"dokumen_sk": jpeg(nama="sk.pdf")}, "PDF"),
    ],
)
def test_sanksi_yang_tidak_sesuai_ditolak_dengan_pesan(client, staf, malang, peninjau, ubah, pesan):
    p, _ = _teruskan(staf, [malang])
    client.force_login(peninjau)
    _mulai(client, p)
    r = client.post(_tindakan(p, "sanksi"), _sanksi(p, **ubah))
    assert r.status_code == 400
    isi = r.content.decode()
    assert pesan in isi, isi[:4000]
    assert "Bupati Malang" in isi  # the officer's entries come back
    assert not Sanksi.objects.exists()
    p.refresh_from_db()
    assert p.status == Status.PEMERIKSAAN_INSTANSI


def test_jalur_sanksi_harus_dalam_rekomendasi(staf, malang, peninjau):
    p, _ = _teruskan(staf, [malang], jalur="etik")
    tindak_lanjut.mulai_pemeriksaan(pengaduan=p, oleh=peninjau, tanggal_mulai=timezone.localdate(), pemeriksa="x")
    data = _isian(p)
    with pytest.raises(TransisiDitolak, match="Rekomendasi Bawaslu untuk jalur kode etik"):
        tindak_lanjut.catat_sanksi(pengaduan=p, oleh=peninjau, data=data)
    data.update(jalur="etik", tingkat="moral", jenis="pernyataan_tertutup", dokumen_sk=pdf_halaman())
    tindak_lanjut.catat_sanksi(pengaduan=p, oleh=peninjau, data=data)
    assert Pengaduan.objects.get(pk=p.pk).status == Status.SANKSI_DIJATUHKAN


def test_status_peninjau_tidak_dapat_diubah_tanpa_catatan(kasus, peninjau):
    with pytest.raises(TransisiDitolak, match="formulirnya sendiri"):
        transisi.ubah_status(pengaduan=kasus, ke=Status.PEMERIKSAAN_INSTANSI, peran=Peran.PENINJAU, oleh=peninjau)


def test_halaman_basi_tidak_ditaati(client, kasus, peninjau):
    client.force_login(peninjau)
    versi_lama = kasus.versi
    _mulai(client, kasus)
    r = client.post(
        _tindakan(kasus, "pemeriksaan"),
        {"versi": versi_lama, "tanggal_mulai": timezone.localdate().isoformat(), "pemeriksa": "Lagi"},
    )
    assert r.status_code == 400 and "tidak tersedia" in r.content.decode()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    teks=st.text(max_size=300),
    tanggal=st.one_of(st.text(max_size=20), st.dates().map(str)),
    pilihan=st.sampled_from(["", "etik", "disiplin", "moral", "ringan", "berat", "x" * 50, "teguran_lisan"]),
)
def test_formulir_sanksi_tahan_isian_liar(client, kasus, peninjau, teks, tanggal, pilihan):
    """Whatever is posted, the answer is a form with messages or a recorded sanction, never a 500."""
    client.force_login(peninjau)
    kasus.refresh_from_db()
    if kasus.status == Status.DITERUSKAN:
        tindak_lanjut.mulai_pemeriksaan(
            pengaduan=kasus, oleh=peninjau, tanggal_mulai=timezone.localdate(), pemeriksa="Tim"
        )
        kasus.refresh_from_db()
    data = {
        "versi": kasus.versi,
        "terlapor": teks[:20],
        "jalur": pilihan,
        "tingkat": pilihan,
        "jenis": pilihan,
        "nomor_sk": teks,
        "tanggal_sk": tanggal,
        "pejabat": teks,
        "dasar_hukum": teks,
    }
    r = client.post(_tindakan(kasus, "sanksi"), data)
    assert r.status_code in (302, 400)


# --- Deadline, reminders, notifications -------------------------------------------------------------


def test_tenggat_tindak_lanjut_dan_pengingat_harian(client, staf, kasus, peninjau):
    assert kasus.tenggat is not None and kasus.tenggat > timezone.localdate()
    tenggat = kasus.tenggat
    tindak_lanjut.mulai_pemeriksaan(pengaduan=kasus, oleh=peninjau, tanggal_mulai=timezone.localdate(), pemeriksa="x")
    kasus.refresh_from_db()
    assert kasus.tenggat == tenggat  # starting the examination does not restart the clock
    lewat = tenggat + datetime.timedelta(days=1)
    assert list(tl_selectors.rekomendasi_lewat_tenggat(hari_ini=lewat)) == [Pengaduan.objects.get(pk=kasus.pk)]
    mail.outbox.clear()
    n = tl_pengingat.ingatkan_tenggat_tindak_lanjut(hari_ini=lewat)
    assert n == 2  # the reviewer and the Bawaslu staff of the region
    assert tl_pengingat.ingatkan_tenggat_tindak_lanjut(hari_ini=lewat) == 0  # once per day
    assert tl_pengingat.ingatkan_tenggat_tindak_lanjut(hari_ini=lewat + datetime.timedelta(days=1)) == 2
    assert {m.to[0] for m in mail.outbox} == {peninjau.email, staf.email}
    assert all("lewat tenggat" in m.subject for m in mail.outbox)
    # Bawaslu's list of overdue recommendations.
    client.force_login(staf)
    r = client.get(reverse("admin:pengaduan_pengaduan_changelist"), {"tenggat": "rekomendasi"})
    assert r.status_code == 200


def test_pemberitahuan_ke_peninjau_dan_bawaslu(staf, malang, peninjau):
    bkn = buat_peninjau(Instansi.objects.get(singkatan="BKN"))
    terlapor_sendiri = buat_peninjau(malang, nip=NIP_PNS_SAH)
    mail.outbox.clear()
    p, kode = _teruskan(staf, [malang])
    penerima = {m.to[0] for m in mail.outbox if "Rekomendasi" in m.subject}
    assert penerima == {peninjau.email}  # not BKN's (not a target), not the terlapor's own inbox
    assert bkn.email not in penerima and terlapor_sendiri.email not in penerima
    m = next(m for m in mail.outbox if m.to == [peninjau.email])
    badan = m.body + m.alternatives[0][0]
    assert p.kode_akhir in badan and _halaman(p) in badan
    for detail in ("Pejabat Uji", NIP_PNS_SAH, "Warga Uji", kode, "Dinas Pendidikan"):
        assert detail not in badan + m.subject
    assert m.extra_headers["Message-ID"] == notifikasi.message_id(notifikasi_ke(peninjau.email)[0])
    mail.outbox.clear()
    tindak_lanjut.mulai_pemeriksaan(pengaduan=p, oleh=peninjau, tanggal_mulai=timezone.localdate(), pemeriksa="x")
    tindak_lanjut.catat_sanksi(
        pengaduan=p,
        oleh=peninjau,
        data=_isian(p),
    )
    assert staf.email in {m.to[0] for m in mail.outbox if "sanksi" in m.subject}


def test_notifikasi_belum_dibaca_di_admin(client, staf, peninjau, kasus):
    client.force_login(peninjau)
    beranda = client.get(reverse("admin:index")).content.decode()
    assert "(1 baru)" in beranda
    daftar = client.get(reverse("admin:notifikasi_saya"))
    n = Notifikasi.objects.get(penerima=peninjau)
    assert n.subjek in daftar.content.decode()
    r = client.get(reverse("admin:notifikasi_buka", args=[n.pk]))
    assert r.status_code == 302 and r["Location"] == _halaman(kasus)
    n.refresh_from_db()
    assert n.dibaca_pada is not None
    assert "baru)" not in client.get(reverse("admin:index")).content.decode()
    # Someone else's notification is not found.
    lain = Notifikasi.objects.exclude(penerima=peninjau).exclude(penerima=None).first()
    assert client.get(reverse("admin:notifikasi_buka", args=[lain.pk])).status_code == 404


def test_kasus_baru_hanya_diberitahukan_ke_kantor_penanganannya():
    """The Bawaslu of the handling office is told; the province and Bawaslu RI, who may see the
    case, are not written to for every report."""
    kab = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    prov = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    ri = buat_staf(Peran.BAWASLU_RI, None)
    lain = buat_staf(Peran.BAWASLU_KABKOTA, "35.73")
    mail.outbox.clear()
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    penerima = set(Notifikasi.objects.filter(pengaduan=p, jenis="pengaduan_baru").values_list("penerima", flat=True))
    assert penerima == {kab.pk}
    assert not {prov.pk, ri.pk, lain.pk} & penerima


def _sampai_keberatan(client, staf, malang, peninjau):
    p, kode = _teruskan(staf, [malang])
    client.force_login(peninjau)
    _mulai(client, p)
    assert client.post(_tindakan(p, "sanksi"), _sanksi(p)).status_code == 302
    p.refresh_from_db()
    s = Sanksi.objects.get(pengaduan=p)
    hari = timezone.localdate().isoformat()
    r = client.post(
        _tindakan(p, "keberatan"), {"versi": p.versi, "sanksi": s.pk, "tanggal": hari, "uraian": "Keberatan."}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    return p, s


def test_keberatan_ditolak_sanksi_tetap_dan_kasus_selesai(client, staf, malang, peninjau):
    """Rejected: the decision is recorded, the sanction stands unreplaced, the case is finished."""
    p, s = _sampai_keberatan(client, staf, malang, peninjau)
    putusan = {
        "versi": p.versi,
        "hasil": HasilKeberatan.DITOLAK,
        "tanggal": timezone.localdate().isoformat(),
        "keterangan": "Keberatan tidak beralasan.",
    }
    r = client.post(_tindakan(p, "putusan-keberatan"), putusan)
    assert r.status_code == 302, r.content.decode()[:3000]
    p.refresh_from_db()
    s.refresh_from_db()
    assert p.status == Status.SELESAI and s.diganti_oleh is None
    assert s.keberatan.get().hasil == HasilKeberatan.DITOLAK
    assert p.peristiwa.filter(ke_status=Status.SELESAI, pesan_pelapor__contains="ditolak").exists()


def test_peninjau_instansi_lain_tidak_dapat_menyelesaikan(staf, malang, peninjau):
    p, _ = _teruskan(staf, [malang])
    bawa_ke_status(p, Status.SANKSI_DIJATUHKAN)
    lain = buat_peninjau(Instansi.objects.get(wilayah_id="32.73"), nip="", username="peninjau-bandung")
    with pytest.raises(TransisiDitolak, match="tidak diteruskan ke instansi Anda"):
        tindak_lanjut.selesaikan(pengaduan=p, oleh=lain)
    p.refresh_from_db()
    assert p.status == Status.SANKSI_DIJATUHKAN


def test_formulir_instansi_yang_basi_digambar_ulang_tanpa_menyimpan(client, staf, kasus, peninjau):
    """A change by Bawaslu since the reviewer's page was drawn: the first post saves nothing, says
    so, and the form comes back with the reviewer's entries and the case's new version."""
    client.force_login(peninjau)
    basi = kasus.versi
    triase.tugaskan(pengaduan=kasus, kepada=staf, oleh=staf)
    kasus.refresh_from_db()
    data = {"versi": basi, "tanggal_mulai": timezone.localdate().isoformat(), "pemeriksa": "Inspektorat Kab. Malang"}
    r = client.post(_tindakan(kasus, "pemeriksaan"), data)
    assert r.status_code == 400 and "baru saja diubah" in r.content.decode()
    assert (
        r.context["form"]["versi"].value() == kasus.versi
        and r.context["form"]["pemeriksa"].value() == data["pemeriksa"]
    )
    assert Pengaduan.objects.get(pk=kasus.pk).status == Status.DITERUSKAN
