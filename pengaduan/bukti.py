"""Evidence files, from the reporter's upload to the agency's copy: the staging of a form's files,
their move to `Bukti` when the report is filed, the metadata-free thumbnails, and the stripped
copies an agency downloads. Files are checked by their content (netralitas.berkas)."""

import hashlib
import logging
import re
import secrets
import time

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from netralitas import berkas as cek_berkas
from netralitas import pembersih
from netralitas.antrean import antrekan, kirim_sekarang
from netralitas.cadangan import karantina

from .models import (
    Bukti,
    DokumenPengaduan,
    HasilKlarifikasi,
    JenisBukti,
    LampiranPesan,
    Rekomendasi,
    SalinanBukti,
    Sanksi,
    StatusSalinan,
    StatusThumbnail,
    UnggahanSementara,
)

log = logging.getLogger(__name__)

BUAT_THUMBNAIL = "pengaduan.tasks.buat_thumbnail"
BUAT_SALINAN = "pengaduan.tasks.buat_salinan_bukti"


# --- The reporter's uploads -----------------------------------------------------------------------


def simpan_unggahan_sementara(*, berkas, simpan_baris: bool = True) -> UnggahanSementara:
    """Check a file by its content and keep it against the form; raises ValidationError. With
    simpan_baris=False the file is stored but its staging row is not written yet: a caller that
    files it in this same request needs none (`simpan_baris_unggahan` writes it when the form is
    shown again instead, `buang_unggahan_tanpa_baris` drops the file when nothing will use it)."""
    hasil = cek_berkas.periksa_berkas(berkas)
    u = UnggahanSementara(
        token=secrets.token_urlsafe(32),
        nama_asli=cek_berkas.nama_tampilan(getattr(berkas, "name", "")),
        jenis=hasil.jenis,
        mime=hasil.mime,
        ekstensi=hasil.ekstensi,
        ukuran=berkas.size,
        sha256=cek_berkas.sha256_berkas(berkas),
    )
    u.berkas.save("x", berkas, save=False)
    if simpan_baris:
        u.save()
    return u


def simpan_baris_unggahan(unggahan: list[UnggahanSementara]) -> None:
    """The staging rows of files checked without one: the form goes back to the reporter, and the
    files must outlive this request (their tokens are in the page)."""
    for u in unggahan:
        if u.pk is None:
            u.save()


def buang_unggahan_tanpa_baris(unggahan: list[UnggahanSementara], *, kecuali_bukti: bool = False) -> None:
    """The stored files of uploads that got no row and will not be filed (a repeated submission, a
    failed request): no sweep would ever find them. `kecuali_bukti`: after an error whose moment is
    unknown (it may have come after the commit, from an on-commit callback), a file an evidence row
    already names is kept; when even that cannot be asked, the file stays rather than risk evidence."""
    for u in unggahan:
        if u.pk is not None:
            continue
        try:
            if kecuali_bukti and Bukti.objects.filter(berkas=u.berkas.name).exists():
                continue
            u.berkas.delete(save=False)
        except Exception:
            if not kecuali_bukti:
                raise
            log.warning("Berkas unggahan %s tidak dapat dibersihkan setelah galat.", u.berkas.name)


def validasi_unggahan_baru(
    *, berkas_baru, sudah_ada: int, simpan_baris: bool = True
) -> tuple[list[UnggahanSementara], list[str]]:
    """Check and stage the files of one POST; refuse those beyond the limit. Returns (staged, errors)."""
    diterima, galat = [], []
    for f in berkas_baru:
        nama = cek_berkas.nama_tampilan(getattr(f, "name", ""))
        if sudah_ada + len(diterima) >= settings.BUKTI_MAKS_BERKAS:
            galat.append(f"{nama}: paling banyak {settings.BUKTI_MAKS_BERKAS} berkas per pengiriman.")
            continue
        try:
            diterima.append(simpan_unggahan_sementara(berkas=f, simpan_baris=simpan_baris))
        except ValidationError as e:
            galat.append(f"{nama}: {' '.join(e.messages)}")
    return diterima, galat


_TOKEN_SAH = re.compile(r"[A-Za-z0-9_-]+")


def unggahan_dari_post(post) -> list[UnggahanSementara]:
    """The files a form already staged (their tokens in `unggahan`), minus those ticked for removal
    (`hapus_unggahan`, which are deleted): what a form posted again keeps without a new upload."""
    # A token is URL-safe base64: anything else (a NUL byte, which PostgreSQL refuses in a query
    # parameter) is not one, and is dropped before it reaches the database.
    token = [
        t for t in post.getlist("unggahan") if isinstance(t, str) and 20 <= len(t) <= 43 and _TOKEN_SAH.fullmatch(t)
    ][: settings.BUKTI_MAKS_BERKAS]
    if not token:  # a first submission, nothing staged: no query to build
        return []
    hapus = set(post.getlist("hapus_unggahan"))
    ada = {u.token: u for u in UnggahanSementara.objects.filter(token__in=token)}
    tetap = []
    for t in token:
        u = ada.get(t)
        if u is None:
            continue
        if t in hapus:
            u.berkas.delete(save=False)
            u.delete()
        else:
            tetap.append(u)
    return tetap


def bukti_baru(*, pengaduan, unggahan, kelengkapan=None) -> Bukti:
    """The evidence row of a staged file, not yet written (`bukti_tersimpan` once it is)."""
    return Bukti(
        pengaduan=pengaduan,
        kelengkapan=kelengkapan,
        berkas=unggahan.berkas.name,
        nama_asli=unggahan.nama_asli,
        jenis=unggahan.jenis,
        mime=unggahan.mime,
        ekstensi=unggahan.ekstensi,
        ukuran=unggahan.ukuran,
        sha256=unggahan.sha256,
    )


def bukti_tersimpan(b: Bukti, *, unggahan) -> None:
    """After the evidence row is written: the file now belongs to it, so only the staging row goes
    (if it was ever written); without a broker the thumbnail is made as the transaction commits."""
    if unggahan.pk is not None:
        UnggahanSementara.objects.filter(pk=unggahan.pk).delete()
    if current_app.conf.task_always_eager:
        # No broker, so no worker and no beat (`make run`).
        antrekan(BUAT_THUMBNAIL, b.pk)


def bukti_dari_unggahan(*, pengaduan, unggahan, kelengkapan=None) -> Bukti:
    b = bukti_baru(pengaduan=pengaduan, unggahan=unggahan, kelengkapan=kelengkapan)
    b.save()
    bukti_tersimpan(b, unggahan=unggahan)
    return b


def lampiran_dari_unggahan(*, pesan, unggahan) -> LampiranPesan:
    """A staged file becomes a message's attachment, as it would become evidence: the same file,
    its SHA-256 taken when it was checked. Not evidence: no thumbnail, no copy for the agency."""
    lampiran = LampiranPesan.objects.create(
        pesan=pesan,
        berkas=unggahan.berkas.name,
        nama_asli=unggahan.nama_asli,
        jenis=unggahan.jenis,
        mime=unggahan.mime,
        ekstensi=unggahan.ekstensi,
        ukuran=unggahan.ukuran,
        sha256=unggahan.sha256,
    )
    UnggahanSementara.objects.filter(pk=unggahan.pk).delete()
    return lampiran


# --- Thumbnails --------------------------------------------------------------------------------------


def buat_thumbnail(bukti_id: int) -> str | None:
    """A metadata-free preview: Pillow for photos, ffmpeg for video posters, an icon for the rest."""
    return cek_berkas.buat_thumbnail(Bukti, bukti_id, status=StatusThumbnail, buat_gambar=_gambar_bukti)


# With a broker, a new evidence file's thumbnail is the worker's to find: the beat runs
# `buat_thumbnail_baru` every THUMBNAIL_SETIAP seconds, and it takes the rows still waiting. The
# request that files the evidence publishes nothing for it: a Celery publish cost the web process
# about 1.1 ms of CPU, an eighth of filing a report with a photo, for a preview staff open minutes
# or days later. The row is the queue, so a broker outage loses nothing either.
THUMBNAIL_SETIAP = 5.0


def buat_thumbnail_baru(*, batas_detik: float = THUMBNAIL_SETIAP) -> tuple[int, bool]:
    """The thumbnails of evidence still waiting, oldest first, until none is left or `batas_detik`
    has passed. Each row is claimed with FOR UPDATE SKIP LOCKED, so the runs of several workers
    share a backlog instead of repeating it. Returns (made, whether rows are left)."""
    dibuat, akhir = 0, time.monotonic() + batas_detik
    while time.monotonic() < akhir:
        with transaction.atomic():
            pk = (
                Bukti.objects.select_for_update(skip_locked=True)
                .filter(status_thumbnail=StatusThumbnail.MENUNGGU)
                .order_by("dibuat", "pk")
                .values_list("pk", flat=True)
                .first()
            )
            if pk is None:
                return dibuat, False
            hasil = buat_thumbnail(pk)
        if hasil is None:  # the store is unreachable: the row waits for the next run
            return dibuat, False
        dibuat += 1
    return dibuat, True


def _gambar_bukti(b: Bukti) -> bytes | None:
    if b.jenis == JenisBukti.FOTO:
        with b.berkas.open("rb") as f:
            return cek_berkas.thumbnail_gambar(f)
    if b.jenis == JenisBukti.VIDEO:
        with cek_berkas.salinan_lokal(b.berkas, akhiran=b.ekstensi) as salinan:
            return cek_berkas.poster_video(salinan)
    return None


def bersihkan_unggahan_sementara(*, umur_jam: int = 24) -> int:
    batas = timezone.now() - timezone.timedelta(hours=umur_jam)
    lama = list(UnggahanSementara.objects.filter(dibuat__lt=batas))
    for u in lama:
        u.berkas.delete(save=False)
        u.delete()
    return len(lama)


def bersihkan_berkas_yatim(*, umur_jam: int = 24) -> int:
    """Files no row points at, older than a day, go to the quarantine (netralitas.cadangan.karantina),
    which keeps them KARANTINA_HARI days: a letter, an SK or a signed form's scan a form stored
    before its transaction rolled back, but also, after the database was restored from an older
    backup, the letters, SKs, copies and scans filed since — which an operator may still need.
    Nothing is deleted here. Evidence and its staging files have their own life cycle and are not
    touched. Returns the files moved."""
    batas = timezone.now() - timezone.timedelta(hours=umur_jam)
    rujukan = {
        "rekomendasi": (Rekomendasi, "surat"),
        "sk": (Sanksi, "dokumen_sk"),
        "salinan": (SalinanBukti, "berkas"),
        "klarifikasi": (HasilKlarifikasi, "dokumen"),
        "dokumen": (DokumenPengaduan, "berkas"),
    }
    dipindah = 0
    for folder, (model, field) in rujukan.items():
        calon = [
            n for n in karantina.berkas_di(default_storage, folder) if default_storage.get_modified_time(n) < batas
        ]
        for i in range(0, len(calon), 500):
            potongan = calon[i : i + 500]
            dipakai = set(model.objects.filter(**{f"{field}__in": potongan}).values_list(field, flat=True))
            for nama in potongan:
                if nama not in dipakai:
                    karantina.karantinakan(nama, alasan=f"tidak dirujuk {model._meta.verbose_name} mana pun")
                    dipindah += 1
    return dipindah


# --- The agency's copies -----------------------------------------------------------------------------


def siapkan_salinan(pengaduan) -> None:
    """When a case is forwarded: a copy of each evidence file is queued for stripping. The agency
    downloads only copies (`berkas_salinan`)."""
    bukti = list(Bukti.objects.filter(pengaduan=pengaduan).values_list("pk", flat=True))
    SalinanBukti.objects.bulk_create([SalinanBukti(bukti_id=pk) for pk in bukti], ignore_conflicts=True)
    for pk in SalinanBukti.objects.filter(bukti__pengaduan=pengaduan, status=StatusSalinan.MENUNGGU).values_list(
        "pk", flat=True
    ):
        antrekan(BUAT_SALINAN, pk)


def buat_salinan_bukti(salinan_id: int) -> str | None:
    """Strip one evidence file into its copy (the Celery task's body). Idempotent: a copy already
    made, withheld or released is left alone. A file that cannot be stripped is withheld."""
    s = SalinanBukti.objects.select_related("bukti").filter(pk=salinan_id).first()
    if s is None or s.status != StatusSalinan.MENUNGGU:
        return None
    b = s.bukti
    try:
        with cek_berkas.salinan_lokal(b.berkas, akhiran=b.ekstensi) as salinan:
            hasil = pembersih.bersihkan(salinan, b.jenis)
    except pembersih.GagalDibersihkan as e:
        SalinanBukti.objects.filter(pk=s.pk, status=StatusSalinan.MENUNGGU).update(
            status=StatusSalinan.DITAHAN, galat=str(e)[:2000]
        )
        return StatusSalinan.DITAHAN
    except FileNotFoundError:
        SalinanBukti.objects.filter(pk=s.pk, status=StatusSalinan.MENUNGGU).update(
            status=StatusSalinan.DITAHAN, galat="Berkas asli tidak ditemukan di penyimpanan."
        )
        return StatusSalinan.DITAHAN
    s.ekstensi, s.mime, s.ukuran = hasil.ekstensi, hasil.mime, len(hasil.data)
    s.sha256 = hashlib.sha256(hasil.data).hexdigest()
    s.berkas.save("x", ContentFile(hasil.data), save=False)
    n = SalinanBukti.objects.filter(pk=s.pk, status=StatusSalinan.MENUNGGU).update(
        status=StatusSalinan.SIAP,
        berkas=s.berkas.name,
        ekstensi=s.ekstensi,
        mime=s.mime,
        ukuran=s.ukuran,
        sha256=s.sha256,
    )
    if not n:  # another worker finished first: keep its copy, drop ours
        s.berkas.storage.delete(s.berkas.name)
        return None
    return StatusSalinan.SIAP


def berkas_salinan(s: SalinanBukti):
    """(file field, extension, mime) the agency downloads: the stripped copy, or the original once
    Bawaslu released it. None when there is none, or it was erased (pengaduan.retensi)."""
    if s.status == StatusSalinan.SIAP and s.berkas:
        return s.berkas, s.ekstensi, s.mime
    if s.status == StatusSalinan.DILEPAS and s.bukti.berkas:
        return s.bukti.berkas, s.bukti.ekstensi, s.bukti.mime
    return None


def thumbnail_tertunda(*, umur_detik: int = 60) -> int:
    """Thumbnails whose task was lost (broker down, worker killed): enqueued again (beat)."""
    return cek_berkas.kirim_thumbnail_tertunda(
        Bukti, BUAT_THUMBNAIL, status=StatusThumbnail, umur=timezone.timedelta(seconds=umur_detik)
    )


def salinan_tertunda(*, umur_detik: int = 60) -> int:
    """Copies whose task was lost: enqueued again (beat)."""
    batas = timezone.now() - timezone.timedelta(seconds=umur_detik)
    pk = list(
        SalinanBukti.objects.filter(status=StatusSalinan.MENUNGGU, dibuat__lte=batas).values_list("pk", flat=True)[:500]
    )
    for i in pk:
        kirim_sekarang(BUAT_SALINAN, i)
    return len(pk)
