"""Evidence in an S3-compatible object store, against a real S3 API server (moto_server, see
moto.py): what is filed lands in the bucket and nowhere on disk, staff get the same bytes
streamed through the authorization views (never a store address), the worker's products come from
and go to the store, and a store that dies mid-run loses neither a report nor a file."""

import hashlib
import io
import tempfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PIL import Image

from netralitas.akun.models import Peran
from netralitas.cadangan.rujukan import medan_berkas
from netralitas.penyimpanan.models import BerkasTertunda
from netralitas.penyimpanan.services import pindahkan_tertunda
from pengaduan import bukti
from pengaduan.models import (
    Bukti,
    LampiranPesan,
    Pengaduan,
    SalinanBukti,
    StatusSalinan,
    StatusThumbnail,
    UnggahanSementara,
)
from tests.factories import buat_pengaduan, buat_staf, exif_gps, jpeg, pdf, pdf_halaman
from tests.pengaduan.test_intake import data_sah
from tests.pengaduan.test_lacak import masuk
from tests.penyimpanan.moto import BucketUji, ServerS3, arahkan_ke
from tests.test_berkas import MP4
from tests.test_pembersih import buat_video, perlu_ffmpeg

pytestmark = pytest.mark.django_db
URL = "/lapor/"
DESA_X, DESA_Y = "35.07.13.1007", "35.07.14.2001"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _isi_respons(r) -> bytes:
    return b"".join(r.streaming_content) if r.streaming else r.content


def _semua_nama_berkas() -> set[str]:
    """Every file name any row of the database names now."""
    nama = set()
    for model, f in medan_berkas():
        nama.update(n for n in model._base_manager.values_list(f.name, flat=True) if n)
    return nama


def _berkas_di_disk(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def mp4(nama="video.mp4"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(nama, MP4, content_type="video/mp4")


@pytest.fixture
def orang(db):
    return {
        "kab": buat_staf(Peran.BAWASLU_KABKOTA, "35.07", email="kab@bawaslu.test"),
        "lain": buat_staf(Peran.BAWASLU_KABKOTA, "32.73", email="bandung@bawaslu.test"),
    }


def test_laporan_lewat_lapor_berkasnya_di_bucket_dan_tidak_di_disk(
    client, penyimpanan_s3, settings, django_capture_on_commit_callbacks
):
    foto, dokumen, video = jpeg(nama="foto.jpg", exif=exif_gps()), pdf(nama="surat.pdf"), mp4()
    isi = {"foto.jpg": foto.read(), "surat.pdf": dokumen.read(), "video.mp4": video.read()}
    for f in (foto, dokumen, video):
        f.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, data_sah(client, berkas=[foto, dokumen, video]))
    assert r.status_code == 302, r.context and r.context["form"].errors

    p = Pengaduan.objects.get()
    semua = {b.nama_asli: b for b in p.bukti.all()}
    assert set(semua) == set(isi)
    kunci = penyimpanan_s3.kunci()
    for nama, b in semua.items():
        assert b.berkas.name in kunci
        assert penyimpanan_s3.isi(b.berkas.name) == isi[nama]
        assert b.sha256 == _sha(isi[nama])
    foto_b = semua["foto.jpg"]
    assert foto_b.status_thumbnail == StatusThumbnail.SIAP and foto_b.thumbnail.name in kunci
    # The thumbnail was made by the task from the store's copy: a small JPEG without the GPS tag.
    with Image.open(io.BytesIO(penyimpanan_s3.isi(foto_b.thumbnail.name))) as t:
        assert t.format == "JPEG" and not t.getexif()
    assert semua["surat.pdf"].status_thumbnail == StatusThumbnail.IKON
    # A video's poster needs ffmpeg; without it an icon, never a failure for want of a path.
    assert semua["video.mp4"].status_thumbnail in (StatusThumbnail.SIAP, StatusThumbnail.IKON)
    # Every name a row holds is an object in the bucket; nothing on local disk, nothing pending.
    assert _semua_nama_berkas() <= kunci
    assert not _berkas_di_disk(settings.PRIVATE_MEDIA_ROOT)
    assert not UnggahanSementara.objects.exists() and not BerkasTertunda.objects.exists()


def test_staf_mengunduh_byte_yang_sama_dialirkan_dan_wilayah_lain_404(client, penyimpanan_s3, server_s3, orang):
    besar = jpeg(lebar=1600, tinggi=1200, nama="besar.jpg")
    data = besar.read()
    besar.seek(0)
    p, _ = buat_pengaduan(wilayah=DESA_X, unggahan=[besar])
    b = p.bukti.get()
    url = reverse("admin:pengaduan_bukti_unduh", args=[b.pk])

    client.force_login(orang["kab"])
    r = client.get(url)
    assert r.status_code == 200 and r.streaming
    assert int(r["Content-Length"]) == len(data)
    isi = _isi_respons(r)
    assert _sha(isi) == _sha(data) == b.sha256
    # Never the store's address, never a signed URL, never a redirect to the store.
    teks = "".join(f"{k}: {v}" for k, v in r.items())
    for jejak in (server_s3.url, f"127.0.0.1:{server_s3.port}", "X-Amz", "Signature=", penyimpanan_s3.nama):
        assert jejak not in teks
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    for jejak in (server_s3.url, "X-Amz-Signature", "AWSAccessKeyId", penyimpanan_s3.nama):
        assert jejak not in halaman
    assert bukti.buat_thumbnail(b.pk) == StatusThumbnail.SIAP  # the task, reading the store's copy
    r = client.get(reverse("admin:pengaduan_bukti_thumbnail", args=[b.pk]))
    assert r.status_code == 200 and _isi_respons(r)[:3] == b"\xff\xd8\xff"

    client.force_login(orang["lain"])
    assert client.get(url).status_code == 404


def test_penyimpanan_tidak_pernah_memberi_url(penyimpanan_s3):
    nama = default_storage.save("dokumen/uji.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    with pytest.raises(NotImplementedError):
        default_storage.url(nama)
    # Private objects: the bucket grants nothing to the public (no ACL was ever sent).
    acl = penyimpanan_s3.server.klien().get_object_acl(Bucket=penyimpanan_s3.nama, Key=nama)
    assert not [g for g in acl["Grants"] if "AllUsers" in str(g.get("Grantee", {}))]
    # Never overwritten: the same name again gets another.
    kedua = default_storage.save("dokumen/uji.pdf", ContentFile(b"lain"))
    assert kedua != nama and penyimpanan_s3.isi(nama) == b"%PDF-1.4\n%%EOF\n"


def test_unggahan_sementara_setelah_isian_salah_dipakai_saat_dikirim_ulang(client, penyimpanan_s3):
    data = data_sah(client, nik="123", berkas=[jpeg(nama="bukti-penting.jpg")])
    r = client.post(URL, data)
    assert r.status_code == 400
    u = UnggahanSementara.objects.get()
    assert u.berkas.name in penyimpanan_s3.kunci()
    perbaikan = dict(data, nik="3507131234560001", unggahan=[u.token])
    perbaikan.pop("berkas")
    from tests.factories import NIK_SAH

    perbaikan["nik"] = NIK_SAH
    r = client.post(URL, perbaikan)
    assert r.status_code == 302
    b = Pengaduan.objects.get().bukti.get()
    assert b.nama_asli == "bukti-penting.jpg" and b.berkas.name == u.berkas.name
    assert b.berkas.name in penyimpanan_s3.kunci()


@hsettings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    isi=st.one_of(
        st.binary(min_size=0, max_size=300),
        st.sampled_from([b"%PDF-1.4\n%%EOF\n", MP4, b"\xff\xd8\xff\xe0rusak", b"GIF89a"]),
    ),
    nama=st.text(min_size=0, max_size=40),
)
def test_unggahan_sembarang_disimpan_di_bucket_atau_ditolak_dengan_pesan(client, penyimpanan_s3, isi, nama):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sebelum = set(UnggahanSementara.objects.values_list("pk", flat=True))
    f = SimpleUploadedFile(nama.replace("\x00", "") or "x", isi)
    r = client.post(URL, data_sah(client, nik="1", berkas=[f]))
    assert r.status_code == 400  # the NIK is wrong on purpose: the file is staged or refused
    baru = UnggahanSementara.objects.exclude(pk__in=sebelum)
    kunci = penyimpanan_s3.kunci()
    for u in baru:
        assert u.berkas.name in kunci and penyimpanan_s3.isi(u.berkas.name) == isi
    if not baru:
        assert "Berkas" in r.content.decode() or "berkas" in r.content.decode()


def test_salinan_bersih_untuk_instansi_dibuat_dari_bucket(penyimpanan_s3, django_capture_on_commit_callbacks):
    p, _ = buat_pengaduan(unggahan=[jpeg(nama="gps.jpg", exif=exif_gps()), pdf_halaman()])
    with django_capture_on_commit_callbacks(execute=True):
        bukti.siapkan_salinan(p)
    kunci = penyimpanan_s3.kunci()
    for s in SalinanBukti.objects.filter(bukti__pengaduan=p):
        assert s.status == StatusSalinan.SIAP, s.galat
        assert s.berkas.name in kunci and _sha(penyimpanan_s3.isi(s.berkas.name)) == s.sha256
        assert b"Penulis Rahasia" not in penyimpanan_s3.isi(s.berkas.name)
        if s.bukti.jenis == "foto":
            with Image.open(io.BytesIO(penyimpanan_s3.isi(s.berkas.name))) as g:
                assert not g.getexif()


def test_karantina_berkas_yatim_di_bucket(penyimpanan_s3, monkeypatch):
    from django.utils import timezone

    from netralitas.cadangan import karantina
    from tests.factories import majukan_waktu

    yatim = default_storage.save("sk/2026/11/yatim.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    assert bukti.bersihkan_berkas_yatim() == 0  # younger than a day
    majukan_waktu(monkeypatch, 2)
    assert bukti.bersihkan_berkas_yatim() == 1
    hari = timezone.localdate().isoformat()
    kunci = penyimpanan_s3.kunci()
    assert yatim not in kunci and f"karantina/{hari}/{yatim}" in kunci
    assert karantina.ringkasan()["berkas"] == 1
    majukan_waktu(monkeypatch, 40)
    assert karantina.rawat()["karantina_dihapus"] == 1
    assert not penyimpanan_s3.kunci()


# --- The store dies mid-run --------------------------------------------------------------------------


@pytest.fixture
def server_sendiri(settings, tmp_path):
    """A moto_server of this test's own, which the test kills and starts again."""
    server = ServerS3().mulai()
    bucket = BucketUji(server, f"posko-mati-{uuid.uuid4().hex[:10]}")
    bucket.buat()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "tidak-dipakai"
    arahkan_ke(settings, server, bucket.nama)
    yield server, bucket
    server.hentikan()


def test_penyimpanan_mati_saat_unggah_tidak_ada_laporan_atau_berkas_hilang(
    client, server_sendiri, orang, settings, django_capture_on_commit_callbacks
):
    server, bucket = server_sendiri
    sebelum, _ = buat_pengaduan(wilayah=DESA_X, unggahan=[jpeg(nama="sebelum.jpg")])
    sebelum_bukti = sebelum.bukti.get()

    server.hentikan()  # SIGKILL: connection refused from here on
    isi = {}
    for i in range(3):
        foto = jpeg(lebar=80 + i, nama=f"mati-{i}.jpg")
        isi[f"mati-{i}.jpg"] = foto.read()
        foto.seek(0)
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(URL, data_sah(client, berkas=[foto, pdf(nama=f"surat-{i}.pdf")]))
        assert r.status_code == 302, r.content.decode()[:500]
    # A message with an attachment on /lacak/ while the store is down.
    p_lacak, kode = buat_pengaduan(wilayah=DESA_X)
    c2 = client.__class__()
    masuk(c2, kode)
    r = c2.post("/lacak/", {"aksi": "pesan", "pesan-teks": "Tambahan.", "pesan-berkas": [jpeg(nama="lampiran.jpg")]})
    assert r.status_code == 302
    assert LampiranPesan.objects.filter(pesan__pengaduan=p_lacak).count() == 1

    dilaporkan = Pengaduan.objects.exclude(pk__in=[sebelum.pk, p_lacak.pk])
    assert dilaporkan.count() == 3
    tertunda = set(BerkasTertunda.objects.values_list("nama", flat=True))
    assert tertunda and all(b.berkas.name in tertunda for b in Bukti.objects.filter(pengaduan__in=dilaporkan))

    # Staff read a pending file from PostgreSQL (every node can), the same bytes; a file that is
    # only in the dead store is a clear 503, not a 500 and not a broken link.
    klien = client.__class__()
    klien.force_login(orang["kab"])
    b0 = Bukti.objects.get(nama_asli="mati-0.jpg")
    r = klien.get(reverse("admin:pengaduan_bukti_unduh", args=[b0.pk]))
    assert r.status_code == 200 and _isi_respons(r) == isi["mati-0.jpg"]
    r = klien.get(reverse("admin:pengaduan_bukti_unduh", args=[sebelum_bukti.pk]))
    assert r.status_code == 503 and "Penyimpanan berkas sedang tidak dapat dihubungi" in r.content.decode()
    # The sweep while the store is still down moves nothing and loses nothing.
    assert pindahkan_tertunda()["dipindah"] == 0
    assert set(BerkasTertunda.objects.values_list("nama", flat=True)) == tertunda

    server.mulai()  # back, empty (moto keeps objects in memory): the bucket is made again
    bucket.buat()
    hasil = pindahkan_tertunda()
    assert hasil["dipindah"] == len(tertunda) and hasil["sisa"] == 0
    kunci = bucket.kunci()
    for b in Bukti.objects.filter(pengaduan__in=dilaporkan):
        assert b.berkas.name in kunci and _sha(bucket.isi(b.berkas.name)) == b.sha256
        if b.thumbnail:
            assert b.thumbnail.name in kunci
    for lampiran in LampiranPesan.objects.filter(pesan__pengaduan=p_lacak):
        assert lampiran.berkas.name in kunci and _sha(bucket.isi(lampiran.berkas.name)) == lampiran.sha256
    assert _sha(bucket.isi(Bukti.objects.get(nama_asli="mati-1.jpg").berkas.name)) == _sha(isi["mati-1.jpg"])
    # Every file a row names now (but the one filed before the kill, which moto forgot) is an object.
    assert _semua_nama_berkas() - {sebelum_bukti.berkas.name, sebelum_bukti.thumbnail.name} <= kunci
    r = klien.get(reverse("admin:pengaduan_bukti_unduh", args=[b0.pk]))
    assert r.status_code == 200 and _isi_respons(r) == isi["mati-0.jpg"]


def test_transaksi_yang_batal_tidak_meninggalkan_berkas_tertunda(server_sendiri):
    """The pending bytes are written in the caller's transaction: a report that rolls back leaves
    neither its row nor its file behind."""
    from django.db import transaction

    server, _ = server_sendiri
    server.hentikan()
    with pytest.raises(RuntimeError), transaction.atomic():
        nama = default_storage.save("bukti/2026/12/batal.jpg", ContentFile(b"isi"))
        assert BerkasTertunda.objects.filter(nama=nama).exists()
        raise RuntimeError("batal")
    assert not BerkasTertunda.objects.exists()


def test_thumbnail_menunggu_selama_penyimpanan_mati(server_sendiri):
    """A thumbnail task that cannot read its original leaves the row waiting for the sweep."""
    server, bucket = server_sendiri
    p, _ = buat_pengaduan(unggahan=[jpeg()])
    b = p.bukti.get()
    Bukti.objects.filter(pk=b.pk).update(status_thumbnail=StatusThumbnail.MENUNGGU, thumbnail="")
    server.hentikan()
    assert bukti.buat_thumbnail(b.pk) is None
    assert Bukti.objects.get(pk=b.pk).status_thumbnail == StatusThumbnail.MENUNGGU


@perlu_ffmpeg
def test_video_poster_dan_salinan_bersih_dari_bucket(
    penyimpanan_s3, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """ffmpeg needs a path: the worker gives it a temporary copy of the store's object, deleted
    afterwards, for the poster and for the stripped copy alike."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    video = Path(buat_video(tmp_path / "asli.mp4"))
    sementara = tmp_path / "tmp"
    sementara.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(sementara))
    p, _ = buat_pengaduan(unggahan=[SimpleUploadedFile("rekaman.mp4", video.read_bytes(), content_type="video/mp4")])
    b = p.bukti.get()
    assert bukti.buat_thumbnail(b.pk) == StatusThumbnail.SIAP
    b.refresh_from_db()
    assert b.thumbnail.name in penyimpanan_s3.kunci()
    with django_capture_on_commit_callbacks(execute=True):
        bukti.siapkan_salinan(p)
    s = SalinanBukti.objects.get(bukti=b)
    assert s.status == StatusSalinan.SIAP, s.galat
    data = penyimpanan_s3.isi(s.berkas.name)
    assert b"RAHASIA" not in data and b"MerekRahasia" not in data
    assert not list(sementara.iterdir())  # the temporary copies are gone


def test_unggahan_dihapus_dari_formulir_saat_penyimpanan_mati_tanpa_500(client, server_sendiri):
    """Ticking a staged file off the form while the store is down: the form answers, the staged
    row goes; its bytes, pending in PostgreSQL, go with it."""
    server, _ = server_sendiri
    server.hentikan()
    r = client.post(URL, data_sah(client, nik="1", berkas=[jpeg(nama="salah-pilih.jpg")]))
    assert r.status_code == 400
    u = UnggahanSementara.objects.get()
    assert BerkasTertunda.objects.filter(nama=u.berkas.name).exists()
    r = client.post(URL, data_sah(client, nik="1", unggahan=[u.token], hapus_unggahan=[u.token]))
    assert r.status_code == 400
    assert not UnggahanSementara.objects.exists() and not BerkasTertunda.objects.exists()
