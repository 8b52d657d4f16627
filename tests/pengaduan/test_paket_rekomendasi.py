"""Recommendations that reach agencies without accounts: the package (one PDF: the signed letter
and a summary without the reporter's identity; one ZIP of the stripped copies) made and recorded
by Bawaslu, refused while a copy waits; and the agency's answer recorded by Bawaslu on its behalf,
marked so everywhere."""

import datetime
import io
import zipfile

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from netralitas.akun.models import Instansi, Peran
from netralitas.audit.models import LogAudit
from pengaduan import transisi, workflow
from pengaduan.models import (
    PaketRekomendasi,
    PemeriksaanInstansi,
    PenerimaanRekomendasi,
    PeristiwaPengaduan,
    SalinanBukti,
    Sanksi,
    Status,
    StatusSalinan,
)
from pengaduan.tindak_lanjut import atas_nama
from pengaduan.tindak_lanjut import services as tindak_lanjut
from pengaduan.transisi import TransisiDitolak
from tests.factories import (
    NIK_SAH,
    buat_pengaduan,
    buat_peninjau,
    buat_staf,
    data_rekomendasi,
    data_sanksi,
    exif_gps,
    jpeg,
    pdf_halaman,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _antrean_segera(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda f, using=None, robust=False: f())


@pytest.fixture
def bkn():
    return Instansi.objects.get(singkatan="BKN")


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Bawaslu")


def _teruskan(staf, instansi, *, unggahan=()):
    p, _ = buat_pengaduan(
        wilayah="35.07.13.1007",
        unggahan=unggahan,
        email="warga.uji@contoh.id",
        kronologi="Saya, Warga Uji (NIK 3507104506900002, telp 0812-3456-7890), melihat terlapor berkampanye.",
    )
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    tindak_lanjut.teruskan(
        pengaduan=p,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=staf,
        **data_rekomendasi(
            instansi=instansi,
            surat=pdf_halaman("surat.pdf", penulis="Penulis Surat"),
            temuan="Terlapor terbukti; dilaporkan oleh warga.uji@contoh.id.",
        ),
    )
    p.refresh_from_db()
    return p


@pytest.fixture
def kasus(staf, bkn):
    return _teruskan(staf, [bkn], unggahan=[jpeg(exif=exif_gps(), nama="foto_warga_uji.jpg")])


def _paket(p):
    return reverse("admin:pengaduan_pengaduan_paket", args=[p.pk])


def _buat(client, p, **ubah):
    data = {"instansi": Instansi.objects.get(singkatan="BKN").pk, "cara_kirim": "pos", "referensi_kirim": "RR123ID"}
    data.update(ubah)
    return client.post(_paket(p), data)


def _teks_pdf(data: bytes) -> str:
    return "\n".join(h.extract_text() or "" for h in PdfReader(io.BytesIO(data)).pages)


def _isi(r) -> bytes:
    return b"".join(r.streaming_content)


# --- The package ------------------------------------------------------------------------------------


def test_paket_dibuat_dicatat_dan_tanpa_identitas(client, staf, kasus):
    client.force_login(staf)
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk])).content.decode()
    assert _paket(kasus) in halaman
    r = _buat(client, kasus)
    assert r.status_code == 302, r.context and r.context.get("form") and r.context["form"].errors
    paket = PaketRekomendasi.objects.get(pengaduan=kasus)
    assert paket.dibuat_oleh == staf and paket.cara_kirim == "pos" and paket.referensi_kirim == "RR123ID"
    assert paket.jumlah_salinan == 1 and len(paket.sha256_pdf) == 64

    unduh_pdf = reverse("admin:pengaduan_pengaduan_paket_unduh", args=[kasus.pk, paket.pk, "pdf"])
    r = client.get(unduh_pdf)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    data = _isi(r)
    import hashlib

    assert hashlib.sha256(data).hexdigest() == paket.sha256_pdf
    dok = PdfReader(io.BytesIO(data))
    assert len(dok.pages) >= 2  # the letter's page, then the summary
    teks = _teks_pdf(data)
    assert "RINGKASAN PERKARA" in teks and kasus.rekomendasi.nomor_surat in teks
    for rahasia in ("Warga Uji", "Warga", NIK_SAH, "0812", "3456", "warga.uji@contoh.id", "foto_warga_uji"):
        assert rahasia not in teks, rahasia
    assert "[identitas pelapor]" in teks  # the chronology's own mention, blacked out
    salinan = SalinanBukti.objects.get(bukti__pengaduan=kasus)
    assert salinan.sha256 in teks.replace("\n", "")
    with pikepdf.open(io.BytesIO(data)) as d:
        assert "Penulis Surat" not in str(d.docinfo)

    r = client.get(reverse("admin:pengaduan_pengaduan_paket_unduh", args=[kasus.pk, paket.pk, "zip"]))
    z = zipfile.ZipFile(io.BytesIO(_isi(r)))
    assert z.namelist() == ["bukti-01.jpg"]
    foto = z.read("bukti-01.jpg")
    assert hashlib.sha256(foto).hexdigest() == salinan.sha256
    assert foto != kasus.bukti.get().berkas.read()  # never the original
    assert not Image.open(io.BytesIO(foto)).getexif()

    # Recorded on the case: its page, its notes, the audit log.
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk])).content.decode()
    assert "Paket untuk Badan Kepegawaian Negara" in halaman and "RR123ID" in halaman
    assert kasus.catatan.filter(teks__contains=paket.sha256_zip).exists()
    assert LogAudit.objects.filter(pengaduan=kasus, objek__contains=f"Paket rekomendasi #{paket.pk}").count() == 2


def test_paket_ditolak_selama_salinan_menunggu_atau_ditahan(client, staf, kasus):
    s = SalinanBukti.objects.get(bukti__pengaduan=kasus)
    SalinanBukti.objects.filter(pk=s.pk).update(status=StatusSalinan.MENUNGGU)
    client.force_login(staf)
    halaman = client.get(_paket(kasus)).content.decode()
    assert "foto_warga_uji.jpg" in halaman and "Sedang dibuat" in halaman and "Buat dan catat paket" not in halaman
    r = _buat(client, kasus)
    assert r.status_code == 400 and "foto_warga_uji.jpg" in r.content.decode()
    assert not PaketRekomendasi.objects.exists()

    SalinanBukti.objects.filter(pk=s.pk).update(status=StatusSalinan.DITAHAN, galat="Metadata XMP tidak terbaca.")
    halaman = client.get(_paket(kasus)).content.decode()
    assert "Metadata XMP tidak terbaca." in halaman
    assert reverse("admin:pengaduan_salinan_lepas", args=[s.pk]) in halaman
    assert _buat(client, kasus).status_code == 400
    assert not PaketRekomendasi.objects.exists()


def test_salinan_dilepas_tidak_masuk_zip(client, staf, kasus):
    s = SalinanBukti.objects.get(bukti__pengaduan=kasus)
    SalinanBukti.objects.filter(pk=s.pk).update(status=StatusSalinan.DITAHAN, galat="Gagal.")
    tindak_lanjut.lepaskan_salinan(salinan=s, oleh=staf, alasan="Sudah diperiksa.")
    client.force_login(staf)
    assert _buat(client, kasus).status_code == 302
    paket = PaketRekomendasi.objects.get()
    assert paket.jumlah_salinan == 0
    assert zipfile.ZipFile(paket.berkas_zip.open("rb")).namelist() == []
    assert "Bukti 1: tidak dapat dibersihkan" in _teks_pdf(paket.berkas_pdf.open("rb").read()).replace("\n", " ")


def test_paket_halaman_dan_unduhan_404_di_luar_lingkup(client, staf, kasus):
    client.force_login(staf)
    assert _buat(client, kasus).status_code == 302
    paket = PaketRekomendasi.objects.get()
    url = [
        _paket(kasus),
        reverse("admin:pengaduan_pengaduan_paket_unduh", args=[kasus.pk, paket.pk, "pdf"]),
        reverse("admin:pengaduan_pengaduan_paket_unduh", args=[kasus.pk, paket.pk, "zip"]),
        reverse("admin:pengaduan_pengaduan_paket_unduh", args=[kasus.pk, paket.pk, "exe"]),
        reverse("admin:pengaduan_pengaduan_tindakan", args=[kasus.pk, "atas-nama-sanksi"]),
    ]
    lain = [
        buat_staf(Peran.BAWASLU_KABKOTA, "35.73"),  # another kabupaten/kota
        buat_peninjau(Instansi.objects.get(singkatan="BKN")),  # even BKN's own reviewer
        buat_staf(Peran.PEMDA, "35.07"),
    ]
    for user in lain:
        client.force_login(user)
        for u in url:
            assert client.get(u).status_code == 404, (user, u)
    # A package of another case is not served under this one.
    client.force_login(staf)
    lain_kasus = _teruskan(staf, [Instansi.objects.get(singkatan="BKN")])
    r = client.get(reverse("admin:pengaduan_pengaduan_paket_unduh", args=[lain_kasus.pk, paket.pk, "pdf"]))
    assert r.status_code == 404


def test_paket_sebelum_diteruskan_404(client, staf):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    client.force_login(staf)
    assert client.get(_paket(p)).status_code == 404


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cara=st.one_of(st.sampled_from(["pos", "email", "langsung", "", "faks"]), st.text(max_size=20)),
    referensi=st.text(max_size=300),
)
def test_form_paket_tidak_pernah_500(client, staf, kasus, cara, referensi):
    client.force_login(staf)
    r = _buat(client, kasus, cara_kirim=cara, referensi_kirim=referensi)
    assert r.status_code in (302, 400)
    if r.status_code == 400:
        assert "<script>" not in r.content.decode() or "&lt;script&gt;" in r.content.decode()


# --- On the agency's behalf ------------------------------------------------------------------------


def _surat_instansi(p, **ubah):
    d = {
        "versi": p.versi,
        "instansi": Instansi.objects.get(singkatan="BKN").pk,
        "nomor_surat_instansi": "B-123/BKN/XII/2026",
        "tanggal_surat_instansi": timezone.localdate().isoformat(),
        "surat_instansi": pdf_halaman("surat-bkn.pdf"),
    }
    d.update(ubah)
    return d


def _sanksi_form(p, **ubah):
    d = {
        **_surat_instansi(p),
        "terlapor": p.terlapor.get().pk,
        "jalur": "disiplin",
        "tingkat": "ringan",
        "jenis": "teguran_lisan",
        "nomor_sk": "800/1/BKN/2026",
        "tanggal_sk": timezone.localdate().isoformat(),
        "pejabat": "Kepala BKN",
        "dokumen_sk": pdf_halaman("sk.pdf"),
    }
    d.update(ubah)
    return d


def test_sanksi_dicatat_atas_nama_instansi_dari_surat(client, staf, kasus):
    client.force_login(staf)
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk])).content.decode()
    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[kasus.pk, "atas-nama-sanksi"])
    assert url in halaman
    r = client.post(url, _sanksi_form(kasus))
    assert r.status_code == 302, r.context and r.context.get("form") and r.context["form"].errors
    kasus.refresh_from_db()
    assert kasus.status == Status.SANKSI_DIJATUHKAN
    s = Sanksi.objects.get(pengaduan=kasus)
    pem = PemeriksaanInstansi.objects.get(pengaduan=kasus)
    assert s.atas_nama_instansi and pem.atas_nama_instansi
    assert s.surat_instansi.nomor == "B-123/BKN/XII/2026" and len(s.surat_instansi.sha256) == 64
    assert s.dicatat_oleh == staf and s.instansi.singkatan == "BKN"
    peristiwa = PeristiwaPengaduan.objects.filter(
        pengaduan=kasus, ke_status__in=["pemeriksaan_instansi", "sanksi_dijatuhkan"]
    )
    assert {e.peran_aktor for e in peristiwa} == {workflow.Aktor.ATAS_NAMA_INSTANSI}
    assert all("B-123/BKN/XII/2026" in e.alasan for e in peristiwa)
    assert all("Bawaslu" not in e.pesan_pelapor for e in peristiwa)  # the reporter reads the agency's words
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk])).content.decode()
    assert halaman.count("Dicatat oleh Bawaslu atas nama instansi") >= 2
    assert "dicatat oleh bawaslu atas nama instansi" in halaman  # the timeline's actor
    # BKN answered: it has the recommendation, and the weekly reminder for it ends.
    pr = PenerimaanRekomendasi.objects.get(rekomendasi__pengaduan=kasus)
    assert pr.diterima_pada is not None and pr.diterima_oleh == staf
    assert "jawabannya dicatat Bawaslu" in halaman
    assert LogAudit.objects.filter(pengaduan=kasus, aktor=staf, keterangan__contains="atas nama instansi").exists()

    # The agency page, when BKN later has a reviewer: the records say who typed them.
    peninjau = buat_peninjau(Instansi.objects.get(singkatan="BKN"))
    client.force_login(peninjau)
    h = client.get(reverse("admin:pengaduan_kasusinstansi_change", args=[kasus.pk])).content.decode()
    assert h.count("Dicatat oleh Bawaslu atas nama instansi") >= 2
    assert "(dicatat oleh Bawaslu atas nama instansi)" in h


def test_pemeriksaan_dan_tidak_terbukti_atas_nama(client, staf, kasus):
    client.force_login(staf)
    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[kasus.pk, "atas-nama-pemeriksaan"])
    r = client.post(
        url, {**_surat_instansi(kasus), "tanggal_mulai": timezone.localdate().isoformat(), "pemeriksa": "Tim BKN"}
    )
    assert r.status_code == 302, r.context and r.context.get("form") and r.context["form"].errors
    kasus.refresh_from_db()
    assert kasus.status == Status.PEMERIKSAAN_INSTANSI
    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[kasus.pk, "atas-nama-tidak-terbukti"])
    r = client.post(
        url,
        {
            **_surat_instansi(kasus, nomor_surat_instansi="B-124/BKN"),
            "tanggal": timezone.localdate().isoformat(),
            "alasan": "Tidak cukup bukti.",
        },
    )
    assert r.status_code == 302, r.context and r.context.get("form") and r.context["form"].errors
    kasus.refresh_from_db()
    assert kasus.status == Status.TIDAK_TERBUKTI_INSTANSI
    assert PemeriksaanInstansi.objects.get(pengaduan=kasus).atas_nama_instansi


def test_atas_nama_ditolak_bila_instansi_punya_peninjau(staf, kasus):
    buat_peninjau(Instansi.objects.get(singkatan="BKN"))
    with pytest.raises(TransisiDitolak, match="memiliki akun peninjau"):
        atas_nama.catat_sanksi_atas_nama(
            pengaduan=kasus,
            oleh=staf,
            instansi=Instansi.objects.get(singkatan="BKN"),
            surat={"nomor": "B-1", "tanggal": timezone.localdate(), "berkas": pdf_halaman()},
            data=data_sanksi(kasus),
        )


def test_atas_nama_bukan_untuk_peninjau_atau_pemda(kasus):
    bkn = Instansi.objects.get(singkatan="BKN")
    for user in (buat_peninjau(Instansi.objects.get(wilayah_id="35.07")), buat_staf(Peran.PEMDA, "35.07")):
        with pytest.raises(TransisiDitolak):
            atas_nama.catat_sanksi_atas_nama(
                pengaduan=kasus,
                oleh=user,
                instansi=bkn,
                surat={"nomor": "B-1", "tanggal": timezone.localdate(), "berkas": pdf_halaman()},
                data=data_sanksi(kasus),
            )
    assert not Sanksi.objects.exists()


def test_tabel_alur_memisahkan_atas_nama():
    """Bawaslu's roles still may not make the agency's transitions; the on-behalf actor may make
    the examination and its conclusions, never the objection or the closing."""
    for peran in workflow.BAWASLU_PENANGANAN:
        assert not workflow.boleh(Status.PEMERIKSAAN_INSTANSI, Status.SANKSI_DIJATUHKAN, peran)
    a = workflow.Aktor.ATAS_NAMA_INSTANSI
    assert workflow.boleh(Status.DITERUSKAN, Status.PEMERIKSAAN_INSTANSI, a)
    assert workflow.boleh(Status.PEMERIKSAAN_INSTANSI, Status.SANKSI_DIJATUHKAN, a)
    assert not workflow.boleh(Status.SANKSI_DIJATUHKAN, Status.KEBERATAN, a)
    assert not workflow.boleh(Status.SANKSI_DIJATUHKAN, Status.SELESAI, a)


def test_surat_instansi_sebelum_rekomendasi_ditolak(client, staf, kasus):
    client.force_login(staf)
    kemarin = (kasus.rekomendasi.tanggal_surat - datetime.timedelta(days=1)).isoformat()
    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[kasus.pk, "atas-nama-sanksi"])
    r = client.post(url, _sanksi_form(kasus, tanggal_surat_instansi=kemarin))
    assert r.status_code == 400 and "sebelum tanggal surat rekomendasi" in r.content.decode()
    assert not Sanksi.objects.exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    nomor=st.text(max_size=200),
    tanggal=st.one_of(st.dates(min_value=datetime.date(1900, 1, 1)).map(str), st.text(max_size=12)),
    berkas=st.sampled_from(["pdf", "jpg", "kosong", "skrip"]),
)
def test_form_atas_nama_tidak_pernah_500(client, staf, kasus, nomor, tanggal, berkas):
    client.force_login(staf)
    kasus.refresh_from_db()
    f = {
        "pdf": pdf_halaman("s.pdf"),
        "jpg": jpeg(),
        "kosong": SimpleUploadedFile("s.pdf", b"", content_type="application/pdf"),
        "skrip": SimpleUploadedFile("s.pdf", b"<script>alert(1)</script>", content_type="application/pdf"),
    }[berkas]
    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[kasus.pk, "atas-nama-sanksi"])
    r = client.post(
        url, _sanksi_form(kasus, nomor_surat_instansi=nomor, tanggal_surat_instansi=tanggal, surat_instansi=f)
    )
    assert r.status_code in (302, 400)
    if r.status_code == 302:
        assert Sanksi.objects.get(pengaduan=kasus).atas_nama_instansi
