"""Upload checks, metadata-free renditions, the thumbnail job and the file response, used by every
form, task and view of both apps that takes or serves a file.

Files are judged by their content, never by their name: an image must open as one of the accepted
formats and prove itself whole, PDF and MP4 must carry their signatures. Originals are kept
unchanged (metadata is evidence).

The request proves an image whole as cheaply as the format allows, since decoding every pixel of
five 60-megapixel photos cost the web process 3.7-17 s of CPU for one report (bench/README.md);
the thumbnail (the full decode, in the worker) comes later:
- JPEG: its markers walked as libjpeg reads them (netralitas.jpeg), the entropy-coded data skipped
  to the end-of-image marker: a cut-off stream and every header libjpeg refuses fail as in a full
  decode, for a tenth of a 1/8-scale decode's CPU (damage inside the coded data a decode does not
  refuse either: libjpeg only warns).
- PNG: `verify()`, the CRC of every chunk up to IEND: truncation or a changed byte anywhere fails.
- WebP: libwebp's demuxer refuses an incomplete container when Pillow opens it, and the RIFF
  length must be the file's; a stream damaged inside a whole container is caught by the thumbnail.
- HEIF: decoded in full. libheif reads the image data only when decoding, so nothing cheaper
  proves the file whole (a truncated HEIC opens fine); iPhones' browsers send JPEG by default.
The pixel limit (BUKTI_MAKS_PIKSEL) is judged from the header, before any of this.
"""

import datetime
import hashlib
import io
import logging
import math
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.text import get_valid_filename
from PIL import Image, ImageOps

from netralitas import jpeg
from netralitas.antrean import kirim_sekarang
from netralitas.penyimpanan.galat import PenyimpananTakTerjangkau

log = logging.getLogger(__name__)

FORMAT_GAMBAR = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heif"}
EKSTENSI_GAMBAR = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".heic"}
MEREK_HEIF = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
MEREK_VIDEO = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VP",
    b"qt  ",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3g2a",
    b"dash",
    b"mmp4",
    b"MSNV",
}
JENIS_DITERIMA = "JPEG, PNG, WebP, HEIC/HEIF, PDF, atau MP4"


class JenisBerkas:
    FOTO = "foto"
    PDF = "pdf"
    VIDEO = "video"


@dataclass(frozen=True)
class HasilPeriksa:
    jenis: str
    mime: str
    ekstensi: str


_heif_terdaftar = False


def daftarkan_heif():
    """Teach Pillow to read iPhone photos; called in the web process and in every worker."""
    global _heif_terdaftar
    if not _heif_terdaftar:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_terdaftar = True


def maks_ukuran_byte() -> int:
    return settings.BUKTI_MAKS_UKURAN_MB * 1024 * 1024


def periksa_berkas(berkas) -> HasilPeriksa:
    """Return what the file really is, or raise ValidationError with a message for the citizen."""
    ukuran = getattr(berkas, "size", None)
    if not ukuran:
        raise ValidationError("Berkas kosong. Pilih berkas yang berisi foto, dokumen, atau video.", code="kosong")
    if ukuran > maks_ukuran_byte():
        # Rounded up, so a file just over the limit never reads as exactly the limit ("10,0 MB").
        mb = f"{math.ceil(ukuran / 1048576 * 10) / 10:.1f}".replace(".", ",")
        raise ValidationError(
            f"Berkas terlalu besar ({mb} MB). Batasnya {settings.BUKTI_MAKS_UKURAN_MB} MB per berkas.",
            code="terlalu_besar",
        )
    berkas.seek(0)
    kepala = berkas.read(64)
    berkas.seek(0)
    if kepala.startswith(b"%PDF-"):
        return _periksa_pdf(berkas, ukuran)
    if kepala[4:8] == b"ftyp" and kepala[8:12] in MEREK_VIDEO:
        return HasilPeriksa(JenisBerkas.VIDEO, "video/mp4", ".mp4")
    return _periksa_gambar(berkas)


def _tolak_jenis():
    return ValidationError(
        f"Isi berkas tidak dikenali sebagai {JENIS_DITERIMA}. Berkas dinilai dari isinya, bukan dari namanya.",
        code="jenis",
    )


def _periksa_pdf(berkas, ukuran) -> HasilPeriksa:
    berkas.seek(max(0, ukuran - 4096))
    ekor = berkas.read()
    berkas.seek(0)
    if b"%%EOF" not in ekor:
        raise ValidationError("Berkas PDF tidak utuh (terpotong). Coba unggah ulang.", code="pdf_rusak")
    return HasilPeriksa(JenisBerkas.PDF, "application/pdf", ".pdf")


def _periksa_gambar(berkas) -> HasilPeriksa:
    daftarkan_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(berkas, formats=list(FORMAT_GAMBAR)) as gambar:
                if gambar.width * gambar.height > settings.BUKTI_MAKS_PIKSEL:
                    raise ValidationError("Ukuran gambar (piksel) terlalu besar untuk diproses.", code="bom_dekompresi")
                # Phone cameras write MPO: a plain JPEG with extra frames (depth maps, previews) appended.
                format_ = "JPEG" if gambar.format == "MPO" else gambar.format
                _buktikan_utuh(gambar, format_, berkas)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("Ukuran gambar (piksel) terlalu besar untuk diproses.", code="bom_dekompresi")
    except Exception:  # Pillow's decoders raise many kinds of errors on hostile input
        raise _tolak_jenis() from None
    finally:
        berkas.seek(0)
    if format_ not in FORMAT_GAMBAR:
        raise _tolak_jenis()
    return HasilPeriksa(JenisBerkas.FOTO, FORMAT_GAMBAR[format_], EKSTENSI_GAMBAR[format_])


def _buktikan_utuh(gambar, format_: str, berkas) -> None:
    """Raises when the image is truncated or corrupt; see the module's note for what each format
    costs and why that proves the same as a full decode."""
    if format_ == "JPEG":
        # By its structure (netralitas.jpeg): every case a decode refuses, without the decode.
        berkas.seek(0)
        jpeg.periksa(berkas.read())
    elif format_ == "PNG":
        gambar.verify()
    elif format_ == "WEBP":
        berkas.seek(0)
        kepala = berkas.read(12)
        berkas.seek(0, os.SEEK_END)
        panjang = berkas.tell()
        if kepala[:4] != b"RIFF" or kepala[8:12] != b"WEBP" or int.from_bytes(kepala[4:8], "little") + 8 > panjang:
            raise ValueError("Kontainer WebP tidak utuh.")
    else:
        gambar.load()


def periksa_pdf(berkas, nama: str = "Berkas") -> HasilPeriksa:
    """A document that must be a PDF (a signed letter, an SK), checked by its content like evidence;
    raises ValidationError with a message that names it."""
    hasil = periksa_berkas(berkas)
    if hasil.jenis != JenisBerkas.PDF:
        raise ValidationError(f"{nama} harus berupa berkas PDF.", code="bukan_pdf")
    return hasil


def sha256_berkas(berkas) -> str:
    berkas.seek(0)
    h = hashlib.sha256()
    for potongan in iter(lambda: berkas.read(1024 * 1024), b""):
        h.update(potongan)
    berkas.seek(0)
    return h.hexdigest()


def nama_tampilan(nama_asli: str) -> str:
    """A safe display name; the stored file never uses it."""
    dasar = os.path.basename((nama_asli or "").replace("\\", "/"))
    try:
        bersih = get_valid_filename(dasar)
    except Exception:
        bersih = ""
    return (bersih or "berkas")[-120:]


def thumbnail_gambar(berkas, lebar: int = 480) -> bytes:
    """A small JPEG with no metadata: a new image carries none of the original's EXIF/XMP/GPS."""
    daftarkan_heif()
    berkas.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(berkas) as gambar:
            gambar = ImageOps.exif_transpose(gambar)
            gambar.thumbnail((lebar, lebar))
            bersih = Image.new("RGB", gambar.size, "white")
            sumber = gambar.convert("RGBA")
            bersih.paste(sumber, mask=sumber.split()[-1])
    keluaran = io.BytesIO()
    bersih.save(keluaran, "JPEG", quality=80, optimize=True)
    return keluaran.getvalue()


def poster_video(path: str, lebar: int = 480) -> bytes | None:
    """A still frame through ffmpeg, re-encoded by Pillow; None where ffmpeg is absent or fails."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        keluar = os.path.join(tmp, "poster.jpg")
        for detik in ("1", "0"):
            try:
                subprocess.run(
                    [
                        ffmpeg,
                        "-nostdin",
                        "-v",
                        "error",
                        "-y",
                        "-ss",
                        detik,
                        "-i",
                        path,
                        "-frames:v",
                        "1",
                        "-map_metadata",
                        "-1",
                        "-vf",
                        f"scale={lebar}:-2",
                        keluar,
                    ],
                    check=True,
                    timeout=60,
                    capture_output=True,
                )
            except (subprocess.SubprocessError, OSError):
                continue
            if os.path.exists(keluar) and os.path.getsize(keluar) > 0:
                with open(keluar, "rb") as f:
                    return thumbnail_gambar(io.BytesIO(f.read()), lebar)
    return None


# --- The thumbnail job of both apps (evidence, event photos) ------------------------------------------


def buat_thumbnail(
    model,
    pk: int,
    *,
    status,
    lebar: int = 480,
    buat_gambar: Callable | None = None,
    setelah: Callable | None = None,
    field_berkas: str = "berkas",
    field_thumbnail: str = "thumbnail",
    field_status: str = "status_thumbnail",
) -> str | None:
    """Make the thumbnail of row `pk` of `model` and move its status from MENUNGGU to SIAP (or GAGAL
    when the file cannot be read, logged; IKON when `buat_gambar` has no picture for it). `status`
    is the app's TextChoices of those values. The picture is `buat_gambar(obj)` (JPEG bytes, or None
    for "no picture") or, by default, the stored file's `thumbnail_gambar` at `lebar` pixels.
    `setelah(obj)` runs after a success (a public page to refresh). Idempotent: a row no longer
    waiting is left alone, so a repeated or late task does nothing. Returns the new status, or None."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None or getattr(obj, field_status) != status.MENUNGGU:
        return None
    try:
        if buat_gambar is None:
            with getattr(obj, field_berkas).open("rb") as berkas:
                data = thumbnail_gambar(berkas, lebar=lebar)
        else:
            data = buat_gambar(obj)
    except PenyimpananTakTerjangkau:
        # The store is down: the row stays waiting and the pending sweep tries again.
        log.warning("Thumbnail %s %s menunggu: penyimpanan objek tidak terjangkau.", model._meta.verbose_name, pk)
        return None
    except Exception:
        log.exception("Thumbnail %s %s gagal dibuat.", model._meta.verbose_name, pk)
        model.objects.filter(pk=pk).update(**{field_status: status.GAGAL})
        return status.GAGAL
    if data is None:
        model.objects.filter(pk=pk).update(**{field_status: status.IKON})
        return status.IKON
    thumbnail = getattr(obj, field_thumbnail)
    thumbnail.save("x.jpg", ContentFile(data), save=False)
    model.objects.filter(pk=pk, **{field_status: status.MENUNGGU}).update(
        **{field_thumbnail: thumbnail.name, field_status: status.SIAP}
    )
    if setelah is not None:
        setelah(obj)
    return status.SIAP


def kirim_thumbnail_tertunda(
    model,
    nama_task: str,
    *,
    status,
    umur: datetime.timedelta,
    batas: int = 500,
    field_status: str = "status_thumbnail",
    field_dibuat: str = "dibuat",
) -> int:
    """The pending sweep of the thumbnail job: enqueue `nama_task` (by its registered name) again
    for the rows of `model` still waiting `umur` after they were made (a lost task: broker down,
    worker killed), at most `batas` per run. Returns how many."""
    sebelum = timezone.now() - umur
    pk = list(
        model.objects.filter(**{field_status: status.MENUNGGU, f"{field_dibuat}__lte": sebelum}).values_list(
            "pk", flat=True
        )[:batas]
    )
    for i in pk:
        kirim_sekarang(nama_task, i)
    return len(pk)


# --- Serving a stored file ---------------------------------------------------------------------------


def respons_berkas(
    berkas, *, mime: str, nama: str = "", lampiran: bool = True, cache_control: str = "private, no-store"
) -> FileResponse:
    """A stored file (a FieldFile) as the response: an attachment named `nama` unless `lampiran` is
    off, of type `mime`, never sniffed as another type nor run as a page by the browser, cached as
    `cache_control` says (private evidence: "private, no-store"; a public picture: "public, max-age=…").
    Http404 when the file is gone from storage, or erased (an empty field: the retention job's).

    Read from the storage as it is sent, never whole in memory and never a redirect to the store: an
    object store streams the object's body (netralitas.penyimpanan.s3.buka_aliran), the local
    folder its open file. An unreachable store answers 503 with a message, not a 500."""
    if not berkas:
        raise Http404
    buka = getattr(berkas.storage, "buka_aliran", None)
    try:
        f = buka(berkas.name) if buka is not None else berkas.storage.open(berkas.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    except PenyimpananTakTerjangkau:
        log.warning("Penyimpanan objek tidak terjangkau saat menyajikan %s.", berkas.name)
        return kepala_berkas(
            HttpResponse(
                "Penyimpanan berkas sedang tidak dapat dihubungi. Berkasnya aman; coba lagi beberapa menit lagi.",
                status=503,
                content_type="text/plain; charset=utf-8",
                headers={"Retry-After": "60"},
            ),
            cache_control="no-store",
        )
    response = FileResponse(f, as_attachment=lampiran, filename=nama, content_type=mime)
    ukuran = getattr(f, "ukuran", None)
    if ukuran is not None:
        response["Content-Length"] = str(ukuran)
    return kepala_berkas(response, cache_control=cache_control)


@contextmanager
def salinan_lokal(berkas, *, akhiran: str = "") -> Iterator[str]:
    """A temporary local copy of a stored file (a FieldFile), for the tools that need a path
    (ffmpeg, exiftool): copied from the storage in chunks, deleted when the block ends. Stored
    files are never read by their path: the storage may be an object store."""
    with tempfile.NamedTemporaryFile(suffix=akhiran, prefix="posko-") as salinan:
        with berkas.storage.open(berkas.name, "rb") as asal:
            shutil.copyfileobj(asal, salinan, 1024 * 1024)
        salinan.flush()
        yield salinan.name


def kepala_berkas(response, *, cache_control: str = "private, no-store"):
    """The headers of every file the portal hands out (a stored file, or one built in the request,
    as a small export): never sniffed as another type, never run as a page, cached as told."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
